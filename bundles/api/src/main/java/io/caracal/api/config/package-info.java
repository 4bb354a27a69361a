/**
 * Helpers for plugins: reading configuration with errors that name the file and key at fault, and
 * registering a service under a configured name by hand.
 */
@Version("1.1.0")
@Export
package io.caracal.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/** Helpers for reading configuration with errors that name the file and key at fault. */
@Version("1.0.0")
@Export
package io.caracal.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/** Views of the HTTP exchange that the proxy hands to plugins. */
@Version("1.2.0")
@Export
package io.caracal.api.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

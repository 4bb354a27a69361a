/** The TLS context SPI: named SSL setups for listeners and upstream connections. */
@Version("1.0.0")
@Export
package io.caracal.api.tls;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/** The cache store SPI: where cached responses are kept. */
@Version("1.0.0")
@Export
package io.caracal.api.cache;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/** The request filter SPI: access control, rate limiting and WAF rule sets implement it. */
@Version("2.1.0")
@Export
package io.caracal.api.filter;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

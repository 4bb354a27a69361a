/**
 * The request filter SPI: access control, rate limiting and WAF rule sets implement it. A filter
 * sees the request's header ({@link io.caracal.api.filter.RequestFilter}), the start of its body if
 * it asks ({@link io.caracal.api.filter.RequestBodyFilter}), and the upstream's response before the
 * client gets it if it registers a {@link io.caracal.api.filter.ResponseInspector}.
 */
@Version("2.1.0")
@Export
package io.caracal.api.filter;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

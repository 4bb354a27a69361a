/** The load-balancing strategy SPI. Strategy bundles implement it; the core consumes it. */
@Version("1.0.0")
@Export
package io.caracal.api.balancer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

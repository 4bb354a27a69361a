/** Upstream servers and clusters as plugins see them. */
@Version("1.0.0")
@Export
package io.caracal.api.upstream;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

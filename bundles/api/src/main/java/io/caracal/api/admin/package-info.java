/**
 * The proxy's live state and runtime actions, for the management plane: the web console plugin,
 * the admin REST API and the metrics. The core provides {@link ProxyStatus}, each listener a
 * {@link ListenerStatus}; all values are snapshots, cheap to take and safe to serialize.
 */
@Version("1.0.0")
@Export
package io.caracal.api.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

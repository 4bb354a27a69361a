package io.caracal.api.admin;

import org.osgi.annotation.versioning.ProviderType;

/** One listener's live state, registered by the listener bundle for each listener. */
@ProviderType
public interface ListenerStatus {

    ListenerInfo info();
}

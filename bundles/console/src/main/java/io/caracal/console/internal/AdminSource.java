package io.caracal.console.internal;

import java.util.List;

import io.caracal.api.admin.ListenerInfo;
import io.caracal.api.admin.ProxyStatus;

/** Where the management plane reads the live state from: one place, so every view agrees. */
interface AdminSource {

    /** The routing core's status, or null while the core is not there. */
    ProxyStatus proxy();

    /** Every listener's snapshot, by name. */
    List<ListenerInfo> listeners();

    /** The plugins installed now. */
    Plugins plugins();
}

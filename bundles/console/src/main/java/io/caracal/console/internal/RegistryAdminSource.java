package io.caracal.console.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.caracal.api.admin.ListenerInfo;
import io.caracal.api.admin.ListenerStatus;
import io.caracal.api.admin.ProxyStatus;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live state from the service registry. Every reference is optional and dynamic: the
 * management plane must keep answering (with 503s and warnings) while the core or a listener is
 * missing or being replaced.
 */
@Component(service = AdminSource.class)
public final class RegistryAdminSource implements AdminSource {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryAdminSource.class);

    // Volatile field references: a greedy replacement is bound before the old one is unbound.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ProxyStatus proxy;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<ListenerStatus> listenerStatuses;

    private final PluginInventory inventory;

    @Activate
    public RegistryAdminSource(BundleContext context) {
        this.inventory = new PluginInventory(context);
    }

    @Override
    public ProxyStatus proxy() {
        return proxy;
    }

    @Override
    public List<ListenerInfo> listeners() {
        List<ListenerStatus> statuses = listenerStatuses;
        return statuses == null ? List.of() : snapshot(statuses);
    }

    @Override
    public Plugins plugins() {
        return inventory.list();
    }

    /** One failing listener must not hide the others. */
    static List<ListenerInfo> snapshot(List<ListenerStatus> statuses) {
        List<ListenerInfo> infos = new ArrayList<>(statuses.size());
        for (ListenerStatus status : statuses) {
            try {
                ListenerInfo info = status.info();
                if (info != null) {
                    infos.add(info);
                }
            } catch (RuntimeException e) {
                LOG.warn("A listener's status failed; it is left out of the management views", e);
            }
        }
        infos.sort(Comparator.comparing(ListenerInfo::name, Comparator.nullsFirst(Comparator.naturalOrder())));
        return infos;
    }
}

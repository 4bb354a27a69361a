package io.caracal.listener.http.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import io.caracal.api.admin.ListenerStatus;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The {@link ListenerStatus} service of one listener, registered with
 * {@code caracal.listener=<name>} while the listener is configured (also while it waits for its
 * TLS context, reporting itself closed), and re-labelled when its name changes.
 */
final class ListenerStatusRegistration {

    static final String NAME_PROPERTY = "caracal.listener";

    private final BundleContext context;
    private final ListenerStatus status;
    private ServiceRegistration<ListenerStatus> registration;
    private String name;

    ListenerStatusRegistration(BundleContext context, ListenerStatus status) {
        this.context = context;
        this.status = status;
    }

    /** Registers the service under {@code name}, or withdraws it when {@code name} is null. */
    synchronized void publish(String name) {
        if (name == null) {
            unregister();
        } else if (registration == null) {
            registration = context.registerService(ListenerStatus.class, status, properties(name));
        } else if (!name.equals(this.name)) {
            registration.setProperties(properties(name));
        }
        this.name = name;
    }

    synchronized void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework withdrew it first
            }
            registration = null;
        }
        name = null;
    }

    private static Dictionary<String, Object> properties(String name) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(NAME_PROPERTY, name);
        return properties;
    }
}

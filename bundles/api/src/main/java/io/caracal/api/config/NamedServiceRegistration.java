package io.caracal.api.config;

import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Registers one service of type {@code S} under a name, by hand, for a plugin whose service
 * depends on its configuration: a {@link io.caracal.api.filter.RequestFilter RequestFilter}, a
 * {@link io.caracal.api.cache.CacheStore CacheStore}, a {@link io.caracal.api.tls.TlsContext
 * TlsContext} or a {@link io.caracal.api.balancer.BalancingStrategy BalancingStrategy}, all of
 * which Caracal finds by their name property.
 *
 * <p>Declarative Services registers a component's service as soon as the component is active.
 * Registering by hand instead lets a component stay active while its configuration is bad and
 * publish nothing meanwhile (so routes that name the service fail closed rather than use a broken
 * one), and lets it keep its state across a configuration change. Such a component declares
 * {@code @Component(service = {})} and uses one {@code NamedServiceRegistration}:
 *
 * <pre>{@code
 * // when the component activates, from its BundleContext:
 * registration = new NamedServiceRegistration<>(bundleContext, RequestFilter.class, RequestFilter.NAME_PROPERTY);
 *
 * // for each good configuration (on activation, on a change, on a reload of its files):
 * registration.publish(name, filter, Map.of(RequestFilter.TYPE_PROPERTY, "example"));
 * // a bad configuration is logged, and publishes nothing: the last good service stays
 *
 * // when the component deactivates:
 * registration.withdraw();
 * }</pre>
 *
 * <p>What it does for you:
 * <ul>
 * <li><b>No gap.</b> When the name, the properties or the service object change, the new
 * registration is made <em>before</em> the old one is withdrawn, so whoever uses the service never
 * sees it missing in between (for a moment, both are registered).</li>
 * <li><b>No needless re-registration.</b> Publishing the same service object again under the same
 * name and properties changes nothing: the registration, and so the binding of everyone who uses
 * it, stays as it is. To change what a registered service does without registering anew, publish
 * an object that forwards to a replaceable target.</li>
 * <li><b>Quiet withdrawal.</b> When the bundle stops, the framework unregisters its services
 * itself, possibly before the component gets to {@link #withdraw()}; the
 * {@link IllegalStateException} that unregistering again throws is swallowed. Withdrawing when
 * nothing is registered does nothing.</li>
 * <li><b>Thread safety.</b> All methods are {@code synchronized}, so a configuration thread and a
 * thread of the plugin's own (one that reloads files, say) can publish and withdraw alike. Service
 * events are delivered while the lock is held: a service listener must not call back into the same
 * instance from another thread and wait for it.</li>
 * </ul>
 *
 * <p>A failure to register (an {@link IllegalStateException} from a bundle context that is no
 * longer valid, or an {@link IllegalArgumentException}) is passed on to the caller, and leaves the
 * previous registration in place.
 *
 * @param <S> the type the service is registered under
 * @since 1.1
 */
public final class NamedServiceRegistration<S> {

    private final BundleContext bundleContext;
    private final Class<S> type;
    private final String nameProperty;
    private ServiceRegistration<S> registration;
    private S service;
    private Hashtable<String, Object> properties;

    /**
     * Prepares a registration; nothing is registered until {@link #publish(String, Object)}.
     *
     * @param bundleContext the context of the bundle that provides the service
     * @param type the type the service is registered under, such as {@code RequestFilter.class}
     * @param nameProperty the service property that carries the name, such as
     *     {@link io.caracal.api.filter.RequestFilter#NAME_PROPERTY RequestFilter.NAME_PROPERTY}
     */
    public NamedServiceRegistration(BundleContext bundleContext, Class<S> type, String nameProperty) {
        this.bundleContext = Objects.requireNonNull(bundleContext, "bundleContext");
        this.type = Objects.requireNonNull(type, "type");
        this.nameProperty = Objects.requireNonNull(nameProperty, "nameProperty");
    }

    /**
     * Publishes {@code service} under {@code name}, with no other service properties. The same as
     * {@link #publish(String, Object, Map) publish(name, service, Map.of())}.
     *
     * @param name the name, the value of the name property
     * @param service the service object
     */
    public void publish(String name, S service) {
        publish(name, service, Map.of());
    }

    /**
     * Publishes {@code service} under {@code name} with the given extra service properties,
     * replacing what this instance published before. If that was the same service object (by
     * identity) with the same name and equal properties (by {@code equals}), nothing happens; otherwise the service is
     * registered anew and only then is the previous registration withdrawn.
     *
     * <p>Keep secrets out of the properties: every bundle can read service properties.
     *
     * @param name the name, the value of the name property
     * @param service the service object
     * @param extraProperties further service properties (none may be the name property)
     * @throws IllegalArgumentException if {@code extraProperties} holds the name property
     */
    public synchronized void publish(String name, S service, Map<String, ?> extraProperties) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(extraProperties, "extraProperties");
        if (extraProperties.containsKey(nameProperty)) {
            throw new IllegalArgumentException("the name property " + nameProperty + " is set by the name argument");
        }
        Hashtable<String, Object> next = new Hashtable<>(extraProperties);
        next.put(nameProperty, name);
        if (registration != null && service == this.service && next.equals(properties)) {
            return;
        }
        ServiceRegistration<S> previous = registration;
        registration = bundleContext.registerService(type, service, next);
        this.service = service;
        properties = next;
        unregister(previous);
    }

    /**
     * Withdraws the service, if it is registered; quietly, if the framework has unregistered it
     * already (the bundle is stopping). A later {@link #publish(String, Object)} registers it again.
     */
    public synchronized void withdraw() {
        ServiceRegistration<S> current = registration;
        registration = null;
        service = null;
        properties = null;
        unregister(current);
    }

    /**
     * The name the service is published under.
     *
     * @return the name, or null while nothing is published
     */
    public synchronized String name() {
        return properties == null ? null : (String) properties.get(nameProperty);
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // Unregistered already: the bundle is stopping.
            }
        }
    }
}

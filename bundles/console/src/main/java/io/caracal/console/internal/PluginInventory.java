package io.caracal.console.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import io.caracal.api.balancer.BalancingStrategy;
import io.caracal.api.cache.CacheStore;
import io.caracal.api.filter.RequestFilter;
import io.caracal.api.tls.TlsContext;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Lists plugin services from their {@link ServiceReference}s: names and bundles only, so listing
 * never gets (and thereby never activates) a plugin.
 */
final class PluginInventory {

    private final BundleContext context;

    PluginInventory(BundleContext context) {
        this.context = context;
    }

    Plugins list() {
        return new Plugins(
                list(BalancingStrategy.class, BalancingStrategy.NAME_PROPERTY, null),
                list(RequestFilter.class, RequestFilter.NAME_PROPERTY, RequestFilter.TYPE_PROPERTY),
                list(TlsContext.class, TlsContext.NAME_PROPERTY, null),
                list(CacheStore.class, CacheStore.NAME_PROPERTY, null));
    }

    private <S> List<PluginInfo> list(Class<S> type, String nameProperty, String typeProperty) {
        Collection<ServiceReference<S>> references;
        try {
            references = context.getServiceReferences(type, "(" + nameProperty + "=*)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("constant filter", e);
        } catch (IllegalStateException e) {
            return List.of(); // our bundle is stopping
        }
        return describe(references, nameProperty, typeProperty);
    }

    /** One entry per name: a service may carry several names in a String[] property. */
    static List<PluginInfo> describe(Collection<? extends ServiceReference<?>> references, String nameProperty,
            String typeProperty) {
        List<PluginInfo> plugins = new ArrayList<>();
        for (ServiceReference<?> reference : references) {
            Bundle bundle = reference.getBundle();
            if (bundle == null) {
                continue; // unregistered meanwhile
            }
            String kind = typeProperty == null ? null : text(reference.getProperty(typeProperty));
            for (String name : names(reference.getProperty(nameProperty))) {
                plugins.add(new PluginInfo(name, kind, bundle.getSymbolicName(), bundle.getVersion().toString()));
            }
        }
        plugins.sort(Comparator.comparing(PluginInfo::name).thenComparing(PluginInfo::bundle));
        return plugins;
    }

    private static List<String> names(Object value) {
        if (value instanceof String[] array) {
            return List.of(array);
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(value.toString());
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}

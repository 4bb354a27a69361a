package io.caracal.waf.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import io.caracal.api.waf.RuleSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a {@link RuleSet} service for every active bundle whose manifest declares rule files:
 * {@code Caracal-WafRuleSet: <name>; path=<folder>} (optionally {@code ; ranking=<n>}). Such a
 * bundle needs no code. The service is registered in the bundle's own name, so it goes away when
 * the bundle stops, is updated or is uninstalled.
 */
@Component(service = {})
public final class RuleSetExtender {

    static final String HEADER = "Caracal-WafRuleSet";
    private static final Logger LOG = LoggerFactory.getLogger(RuleSetExtender.class);

    private BundleTracker<ServiceRegistration<RuleSet>> tracker;

    @Activate
    void activate(BundleContext context) {
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, null) {
            @Override
            public ServiceRegistration<RuleSet> addingBundle(Bundle bundle, BundleEvent event) {
                String header = bundle.getHeaders("").get(HEADER);
                return header == null ? null : register(bundle, header);
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, ServiceRegistration<RuleSet> registration) {
                try {
                    registration.unregister();
                } catch (IllegalStateException e) {
                    // already gone with the bundle
                }
            }
        };
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    private static ServiceRegistration<RuleSet> register(Bundle bundle, String header) {
        String[] parts = header.split(";");
        String name = parts[0].strip();
        String path = null;
        int ranking = 0;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq).strip();
            String value = eq < 0 ? "" : part.substring(eq + 1).strip().replace("\"", "");
            if (key.equals("path")) {
                path = value;
            } else if (key.equals("ranking")) {
                try {
                    ranking = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    LOG.error("Bundle {}: {} ranking '{}' is not a number", bundle.getSymbolicName(), HEADER, value);
                    return null;
                }
            }
        }
        if (name.isEmpty() || path == null || path.isEmpty()) {
            LOG.error("Bundle {}: {} must be '<name>; path=<folder>', got '{}'", bundle.getSymbolicName(), HEADER, header);
            return null;
        }
        BundleContext context = bundle.getBundleContext();
        if (context == null) {
            return null;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(RuleSet.NAME_PROPERTY, name);
        properties.put(Constants.SERVICE_RANKING, ranking);
        LOG.info("WAF rule set '{}' from bundle {} {} ({})", name, bundle.getSymbolicName(), bundle.getVersion(), path);
        return context.registerService(RuleSet.class, new BundleRuleSet(bundle, path), properties);
    }
}

package io.caracal.accesscontrol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;

import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.RequestFilter;
import io.caracal.api.testing.FakeFilterContext;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The filter service as the framework sees it: registered by name and type, swapped on a same-name reload. */
class FilterRegistrationTest {

    /** A bundle context that only registers services, logging "+name type" and "-name type" in order. */
    private static final class Framework {
        final List<String> log = new ArrayList<>();
        final List<RequestFilter> services = new ArrayList<>();

        BundleContext context() {
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("registerService") && args[0] == RequestFilter.class) {
                            return register((RequestFilter) args[1], (Dictionary<?, ?>) args[2]);
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }

        private ServiceRegistration<?> register(RequestFilter service, Dictionary<?, ?> properties) {
            String label = properties.get(RequestFilter.NAME_PROPERTY) + " " + properties.get(RequestFilter.TYPE_PROPERTY);
            services.add(service);
            log.add("+" + label);
            return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                        if (!method.getName().equals("unregister")) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        log.add("-" + label);
                        return null;
                    });
        }
    }

    private final Framework framework = new Framework();
    private final FilterRegistration registration = new FilterRegistration(framework.context());

    private static RequestFilter rejecting(int status) {
        return context -> FilterDecision.reject(status, "no");
    }

    private int statusOf(RequestFilter filter) {
        return filter.apply(new FakeFilterContext()).status();
    }

    @Test
    void aReloadUnderTheSameNameSwapsTheFilterBehindTheRegisteredService() {
        registration.publish("office", "ip-access", rejecting(401));
        registration.publish("office", "ip-access", rejecting(403));

        assertEquals(List.of("+office ip-access"), framework.log, "registered once");
        assertEquals(403, statusOf(framework.services.get(0)), "the registered service runs the new filter");
    }

    @Test
    void aNewNameOrTypeIsRegisteredBeforeTheOldOneIsWithdrawn() {
        registration.publish("office", "ip-access", rejecting(401));
        registration.publish("staff", "ip-access", rejecting(403));
        registration.publish("staff", "basic-auth", rejecting(407));

        assertEquals(List.of("+office ip-access", "+staff ip-access", "-office ip-access",
                "+staff basic-auth", "-staff ip-access"), framework.log);
        assertEquals(407, statusOf(framework.services.get(2)));
    }

    @Test
    void withdrawingUnregistersOnceAndAPublishAfterwardsRegistersAgain() {
        registration.publish("office", "ip-access", rejecting(401));
        registration.withdraw();
        registration.withdraw();
        assertEquals(List.of("+office ip-access", "-office ip-access"), framework.log);

        registration.publish("office", "ip-access", rejecting(403));
        assertEquals(List.of("+office ip-access", "-office ip-access", "+office ip-access"), framework.log,
                "not swapped into the withdrawn service");
        assertEquals(403, statusOf(framework.services.get(1)));
    }
}

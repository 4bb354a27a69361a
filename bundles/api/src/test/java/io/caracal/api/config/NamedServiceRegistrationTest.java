package io.caracal.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

class NamedServiceRegistrationTest {

    private static final String NAME = "test.name";

    /** A service type of one's own, as a plugin would register. */
    interface Greeter {
        String greet();
    }

    /**
     * A bundle context that only registers services, keeping a log of registrations and
     * withdrawals in order, as "+name" and "-name".
     */
    private static final class Framework {
        final List<String> log = new ArrayList<>();
        final List<Object> services = new ArrayList<>();
        final List<Dictionary<String, ?>> properties = new ArrayList<>();
        final List<Class<?>> types = new ArrayList<>();
        /** Registered now, each as its name. */
        final List<String> live = new ArrayList<>();
        /** Makes the next registerService call fail, as with a bundle context no longer valid. */
        boolean refuseRegistration;
        /** Makes every unregister fail, as when the framework unregistered the service already. */
        boolean unregisteredAlready;

        BundleContext context() {
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("registerService") && args[0] instanceof Class<?> type) {
                            @SuppressWarnings("unchecked")
                            Dictionary<String, ?> props = (Dictionary<String, ?>) args[2];
                            return register(type, args[1], props);
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }

        private ServiceRegistration<?> register(Class<?> type, Object service, Dictionary<String, ?> props) {
            if (refuseRegistration) {
                refuseRegistration = false;
                throw new IllegalStateException("invalid bundle context");
            }
            String name = (String) props.get(NAME);
            types.add(type);
            services.add(service);
            properties.add(props);
            log.add("+" + name);
            live.add(name);
            boolean[] unregistered = {false};
            return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                        if (!method.getName().equals("unregister")) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        if (unregisteredAlready || unregistered[0]) {
                            live.remove(name);
                            throw new IllegalStateException("Service already unregistered.");
                        }
                        unregistered[0] = true;
                        live.remove(name);
                        log.add("-" + name);
                        return null;
                    });
        }
    }

    private final Framework framework = new Framework();
    private final NamedServiceRegistration<Greeter> registration =
            new NamedServiceRegistration<>(framework.context(), Greeter.class, NAME);

    private static Greeter greeter(String greeting) {
        return () -> greeting;
    }

    @Test
    void publishRegistersTheServiceUnderItsNameWithTheExtraProperties() {
        assertNull(registration.name(), "nothing before the first publish");
        Greeter hello = greeter("hello");
        registration.publish("first", hello, Map.of("test.kind", "friendly"));

        assertEquals(List.of("+first"), framework.log);
        assertEquals(List.of(Greeter.class), framework.types);
        assertSame(hello, framework.services.get(0));
        Dictionary<String, ?> properties = framework.properties.get(0);
        assertEquals(2, properties.size());
        assertEquals("first", properties.get(NAME));
        assertEquals("friendly", properties.get("test.kind"));
        assertEquals("first", registration.name());

        registration.publish("plain", greeter("hi"));
        assertEquals(1, framework.properties.get(1).size(), "only the name: " + framework.properties.get(1));
    }

    @Test
    void aNewNameIsRegisteredBeforeTheOldOneIsWithdrawn() {
        Greeter hello = greeter("hello");
        registration.publish("old", hello);
        registration.publish("new", hello);

        assertEquals(List.of("+old", "+new", "-old"), framework.log, "never without a registration in between");
        assertEquals(List.of("new"), framework.live);
        assertEquals("new", registration.name());
    }

    @Test
    void theSameServiceUnderTheSameNameAndPropertiesIsNotRegisteredAgain() {
        Greeter hello = greeter("hello");
        registration.publish("same", hello, Map.of("test.kind", "friendly"));
        registration.publish("same", hello, Map.of("test.kind", "friendly"));
        assertEquals(List.of("+same"), framework.log);

        registration.publish("same", hello, Map.of("test.kind", "formal"));
        assertEquals(List.of("+same", "+same", "-same"), framework.log, "other properties: registered anew, first");
        assertEquals("formal", framework.properties.get(1).get("test.kind"));

        Greeter other = greeter("hi");
        registration.publish("same", other, Map.of("test.kind", "formal"));
        assertEquals(List.of("+same", "+same", "-same", "+same", "-same"), framework.log, "another object: registered anew");
        assertSame(other, framework.services.get(2));
        assertEquals(List.of("same"), framework.live);
    }

    @Test
    void withdrawingTwiceWithdrawsOnce() {
        registration.publish("gone", greeter("hello"));
        registration.withdraw();
        registration.withdraw();

        assertEquals(List.of("+gone", "-gone"), framework.log);
        assertEquals(List.of(), framework.live);
        assertNull(registration.name());

        registration.publish("gone", greeter("again"));
        assertEquals(List.of("+gone", "-gone", "+gone"), framework.log, "a later publish registers again");
    }

    @Test
    void withdrawingBeforeAnyPublishDoesNothing() {
        registration.withdraw();
        assertEquals(List.of(), framework.log);
    }

    @Test
    void anUnregistrationTheFrameworkDidAlreadyIsQuiet() {
        registration.publish("stopping", greeter("hello"));
        framework.unregisteredAlready = true;
        registration.withdraw(); // no IllegalStateException
        assertNull(registration.name());
        registration.withdraw();

        framework.unregisteredAlready = false;
        registration.publish("before", greeter("hello"));
        framework.unregisteredAlready = true;
        registration.publish("after", greeter("hello")); // the old one: unregistered already, quietly
        assertEquals("after", registration.name());
        assertEquals(List.of("after"), framework.live);
    }

    @Test
    void aFailedRegistrationKeepsThePreviousOne() {
        Greeter hello = greeter("hello");
        registration.publish("kept", hello);
        framework.refuseRegistration = true;
        assertThrows(IllegalStateException.class, () -> registration.publish("lost", greeter("hi")));

        assertEquals(List.of("+kept"), framework.log);
        assertEquals("kept", registration.name());
        registration.publish("kept", hello);
        assertEquals(List.of("+kept"), framework.log, "still the registration of before");
    }

    @Test
    void theNameIsOnlyGivenAsTheName() {
        assertThrows(IllegalArgumentException.class, () -> registration.publish("a", greeter("hello"), Map.of(NAME, "b")));
        assertEquals(List.of(), framework.log);
    }
}

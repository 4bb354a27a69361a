package io.caracal.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

class PluginInventoryTest {

    private static Bundle bundle(String name, String version) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> name;
                    case "getVersion" -> Version.parseVersion(version);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static ServiceReference<?> reference(Bundle bundle, Map<String, Object> properties) {
        return (ServiceReference<?>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getBundle" -> bundle;
                    case "getProperty" -> properties.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void namesTypesAndBundlesSortedByName() {
        Bundle ratelimit = bundle("io.caracal.ratelimit", "0.1.0.SNAPSHOT");
        Bundle waf = bundle("com.example.waf", "1.2.0");
        List<PluginInfo> filters = PluginInventory.describe(List.of(
                reference(ratelimit, Map.of("caracal.filter", "api-limit", "caracal.filter.type", "ratelimit")),
                reference(waf, Map.of("caracal.filter", new String[] {"owasp", "crs"}, "caracal.filter.type", "waf")),
                reference(null, Map.of("caracal.filter", "gone"))), "caracal.filter", "caracal.filter.type");
        assertEquals(List.of(
                new PluginInfo("api-limit", "ratelimit", "io.caracal.ratelimit", "0.1.0.SNAPSHOT"),
                new PluginInfo("crs", "waf", "com.example.waf", "1.2.0"),
                new PluginInfo("owasp", "waf", "com.example.waf", "1.2.0")), filters);
    }

    @Test
    void otherPluginsHaveNoType() {
        List<PluginInfo> strategies = PluginInventory.describe(List.of(
                reference(bundle("io.caracal.balancer.ewma", "0.1.0"), Map.of("caracal.strategy", "peak-ewma"))),
                "caracal.strategy", null);
        assertEquals(List.of(new PluginInfo("peak-ewma", null, "io.caracal.balancer.ewma", "0.1.0")), strategies);
    }
}

package io.caracal.console.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.caracal.api.admin.ListenerInfo;
import io.caracal.api.admin.ProxyStatus;

/** The registry's view, set by hand. */
final class FakeAdminSource implements AdminSource {

    volatile ProxyStatus proxy;
    final List<ListenerInfo> listeners = new CopyOnWriteArrayList<>();
    volatile Plugins plugins = Plugins.NONE;

    static FakeAdminSource running(FakeProxyStatus proxy) {
        FakeAdminSource source = new FakeAdminSource();
        source.proxy = proxy;
        source.listeners.add(Fixtures.listener("http", 8080, true));
        source.plugins = new Plugins(
                List.of(new PluginInfo("peak-ewma", null, "io.caracal.balancer.ewma", "0.1.0.SNAPSHOT")),
                List.of(new PluginInfo("api-limit", "ratelimit", "io.caracal.ratelimit", "0.1.0.SNAPSHOT"),
                        new PluginInfo("owasp", "waf", "com.example.waf", "1.2.0")),
                List.of(new PluginInfo("default", null, "io.caracal.tls", "0.1.0.SNAPSHOT")),
                List.of());
        return source;
    }

    @Override
    public ProxyStatus proxy() {
        return proxy;
    }

    @Override
    public List<ListenerInfo> listeners() {
        return List.copyOf(listeners);
    }

    @Override
    public Plugins plugins() {
        return plugins;
    }
}

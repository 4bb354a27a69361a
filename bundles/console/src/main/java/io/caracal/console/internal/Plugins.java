package io.caracal.console.internal;

import java.util.List;

/** The plugins installed now, by kind, each list sorted by name. */
record Plugins(List<PluginInfo> strategies, List<PluginInfo> filters, List<PluginInfo> tlsContexts,
        List<PluginInfo> cacheStores) {

    static final Plugins NONE = new Plugins(List.of(), List.of(), List.of(), List.of());

    Plugins {
        strategies = List.copyOf(strategies);
        filters = List.copyOf(filters);
        tlsContexts = List.copyOf(tlsContexts);
        cacheStores = List.copyOf(cacheStores);
    }
}

package io.caracal.accesscontrol.internal;

import java.util.List;

import io.caracal.api.filter.RequestFilter;

/**
 * A filter made from a valid configuration.
 *
 * @param name the name routes refer to
 * @param filter the filter
 * @param summary what it does, for the log; never secrets
 * @param warnings things worth an operator's attention that did not reject the configuration
 */
record BuiltFilter(String name, RequestFilter filter, String summary, List<String> warnings) {

    BuiltFilter {
        warnings = List.copyOf(warnings);
    }

    BuiltFilter(String name, RequestFilter filter, String summary) {
        this(name, filter, summary, List.of());
    }
}

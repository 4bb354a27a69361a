package io.caracal.core.internal.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.ResponseInspector;
import io.caracal.api.filter.ResponseView;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response inspectors one request's filters registered, in filter order, and how the core asks
 * them: a failing inspector is answered like a failing filter (500, logged with its bundle), and
 * a rejection counts on the route's filter stats like a rejected request.
 */
public final class ResponseInspectors {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseInspectors.class);

    private record Registered(FilterBinding binding, ResponseInspector inspector) {
    }

    private final String route;
    private final List<Registered> registered = new ArrayList<>(2);

    ResponseInspectors(String route) {
        this.route = route;
    }

    void add(FilterBinding binding, ResponseInspector inspector) {
        registered.add(new Registered(binding, inspector));
    }

    /**
     * How much of the body to buffer before {@link #inspect}: the largest limit of the inspectors,
     * 0 when none wants any.
     *
     * @param answersClient as for {@link #inspect}
     */
    public FilterRun.BodyLimit bodyLimit(int status, List<Map.Entry<String, String>> headers, boolean answersClient) {
        int limit = 0;
        for (Registered each : registered) {
            try {
                limit = Math.max(limit, each.inspector().bodyLimit(status, headers));
            } catch (RuntimeException | LinkageError e) {
                return new FilterRun.BodyLimit(0, failed(each, answersClient, e));
            }
        }
        return new FilterRun.BodyLimit(limit, null);
    }

    /**
     * Runs the inspectors in order until one rejects.
     *
     * @param answersClient whether the decision answers the client (else it only decides whether a
     *        background refresh is stored, and the request is not counted again)
     */
    public FilterDecision inspect(ResponseView response, boolean answersClient) {
        for (Registered each : registered) {
            FilterDecision decision;
            try {
                decision = each.inspector().inspect(response);
            } catch (RuntimeException | LinkageError e) {
                return failed(each, answersClient, e);
            }
            if (decision == null) {
                return failed(each, answersClient, null);
            }
            if (!decision.allowed()) {
                FilterBinding binding = each.binding();
                if (answersClient) {
                    binding.stats().passed.decrement();
                    binding.stats().rejected.increment();
                }
                LOG.info("Filter '{}' refused the upstream's {} response{} on route '{}': {} {}", binding.name(),
                        response.status(), answersClient ? "" : " (a background refresh)", route, decision.status(),
                        decision.reason());
                return decision;
            }
        }
        return FilterDecision.proceed();
    }

    private FilterDecision failed(Registered each, boolean answersClient, Throwable failure) {
        FilterBinding binding = each.binding();
        if (answersClient) {
            binding.stats().passed.decrement();
            binding.stats().failed.increment();
        }
        if (failure == null) {
            LOG.error("The response inspector of filter '{}' from {} returned no decision on route '{}'",
                    binding.name(), binding.origin(), route);
        } else {
            LOG.error("The response inspector of filter '{}' from {} failed on route '{}'", binding.name(),
                    binding.origin(), route, failure);
        }
        return FilterDecision.reject(500, "filter '" + binding.name() + "' failed");
    }
}

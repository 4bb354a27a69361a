package io.caracal.core.internal.filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.caracal.api.filter.FilterContext;
import io.caracal.api.filter.FilterDecision;
import io.caracal.api.filter.RequestBody;
import io.caracal.api.filter.RequestBodyFilter;
import io.caracal.api.filter.ResponseInspector;
import io.caracal.api.http.RequestView;

import org.eclipse.jetty.http.HttpFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's pass through its route's filters, and the changes they asked for: headers for the
 * upstream request and for the client's response, applied later by the exchange, and the response
 * inspectors it consults when the upstream answers.
 */
public final class FilterRun implements FilterContext {

    private static final Logger LOG = LoggerFactory.getLogger(FilterRun.class);

    private final RequestView request;
    private final String route;
    private final RequestBody body;
    /** Upstream header changes in order: a null value removes the header. */
    private List<Map.Entry<String, String>> upstreamHeaders;
    private List<Map.Entry<String, String>> responseHeaders;
    private Map<String, Object> attributes;
    /** The filter whose {@code apply} runs now: response inspectors are registered under it. */
    private FilterBinding applying;
    private ResponseInspectors responseInspectors;

    private FilterRun(RequestView request, String route, RequestBody body) {
        this.request = request;
        this.route = route;
        this.body = body;
    }

    /**
     * How much of the request body the filters want to see before they run: the largest
     * {@link RequestBodyFilter#bodyInspectionLimit()} among them, 0 when none wants any. A filter
     * that throws instead of answering fails the request, as it would in {@code apply}.
     */
    public static BodyLimit bodyLimit(List<FilterBinding> filters, String route) {
        int limit = 0;
        for (FilterBinding binding : filters) {
            if (binding.filter() instanceof RequestBodyFilter bodyFilter) {
                try {
                    limit = Math.max(limit, bodyFilter.bodyInspectionLimit());
                } catch (RuntimeException | LinkageError e) {
                    binding.stats().failed.increment();
                    LOG.error("Filter '{}' from {} failed on route '{}'", binding.name(), binding.origin(), route, e);
                    return new BodyLimit(0, FilterDecision.reject(500, "filter '" + binding.name() + "' failed"));
                }
            }
        }
        return new BodyLimit(limit, null);
    }

    /**
     * @param bytes how many body bytes to read before the filters run; 0 for none
     * @param failure the answer when a filter could not say, else null
     */
    public record BodyLimit(int bytes, FilterDecision failure) {
    }

    /**
     * Runs the filters in order until one rejects.
     *
     * @param body the start of the request body, read because a filter asked for it; or null
     * @return the run (with the changes the filters asked for) and the decision
     */
    public static Outcome run(List<FilterBinding> filters, RequestView request, String route, RequestBody body) {
        FilterRun run = new FilterRun(request, route, body);
        for (FilterBinding binding : filters) {
            if (binding.filter() == null) {
                return new Outcome(run, FilterDecision.reject(503, "route '" + route + "' needs filter '"
                        + binding.name() + "', which is not available"));
            }
            FilterDecision decision;
            run.applying = binding;
            try {
                decision = binding.filter().apply(run);
            } catch (RuntimeException | LinkageError e) {
                binding.stats().failed.increment();
                LOG.error("Filter '{}' from {} failed on route '{}'", binding.name(), binding.origin(), route, e);
                return new Outcome(run, FilterDecision.reject(500, "filter '" + binding.name() + "' failed"));
            } finally {
                run.applying = null;
            }
            if (decision == null) {
                binding.stats().failed.increment();
                LOG.error("Filter '{}' from {} returned no decision on route '{}'", binding.name(), binding.origin(), route);
                return new Outcome(run, FilterDecision.reject(500, "filter '" + binding.name() + "' failed"));
            }
            if (!decision.allowed()) {
                binding.stats().rejected.increment();
                return new Outcome(run, decision);
            }
            binding.stats().passed.increment();
        }
        return new Outcome(run, FilterDecision.proceed());
    }

    /** The filters' verdict on a request, with the run that reached it. */
    public record Outcome(FilterRun run, FilterDecision decision) {
    }

    /** Whether a filter verified an identity for this request ({@link FilterContext#IDENTITY_CLAIMS}). */
    public boolean authenticated() {
        return attributes != null && attributes.get(IDENTITY_CLAIMS) != null;
    }

    /** The response inspectors the filters registered, in order, or null when none did. */
    public ResponseInspectors responseInspectors() {
        return responseInspectors;
    }

    /** Applies the upstream header changes to the request about to be sent upstream. */
    public void applyUpstreamHeaders(HttpFields.Mutable headers) {
        if (upstreamHeaders == null) {
            return;
        }
        for (Map.Entry<String, String> change : upstreamHeaders) {
            headers.remove(change.getKey());
            if (change.getValue() != null) {
                headers.add(change.getKey(), change.getValue());
            }
        }
    }

    /** Adds the response headers the filters asked for to the client's response. */
    public void applyResponseHeaders(HttpFields.Mutable headers) {
        if (responseHeaders == null) {
            return;
        }
        for (Map.Entry<String, String> header : responseHeaders) {
            headers.add(header.getKey(), header.getValue());
        }
    }

    @Override
    public RequestView request() {
        return request;
    }

    @Override
    public String route() {
        return route;
    }

    @Override
    public void setUpstreamHeader(String name, String value) {
        upstreamChange(name, requireValue(value));
    }

    @Override
    public void removeUpstreamHeader(String name) {
        upstreamChange(name, null);
    }

    private void upstreamChange(String name, String value) {
        if (upstreamHeaders == null) {
            upstreamHeaders = new ArrayList<>(2);
        }
        upstreamHeaders.add(new java.util.AbstractMap.SimpleImmutableEntry<>(requireName(name), value));
    }

    @Override
    public void addResponseHeader(String name, String value) {
        if (responseHeaders == null) {
            responseHeaders = new ArrayList<>(4);
        }
        responseHeaders.add(Map.entry(requireName(name), requireValue(value)));
    }

    @Override
    public RequestBody requestBody() {
        return body;
    }

    @Override
    public void inspectResponse(ResponseInspector inspector) {
        java.util.Objects.requireNonNull(inspector, "inspector");
        if (applying == null) {
            throw new IllegalStateException("inspectResponse() is for a filter's apply()");
        }
        if (responseInspectors == null) {
            responseInspectors = new ResponseInspectors(route);
        }
        responseInspectors.add(applying, inspector);
    }

    @Override
    public Map<String, Object> attributes() {
        if (attributes == null) {
            attributes = new HashMap<>();
        }
        return attributes;
    }

    /** Fields the proxy manages itself: a filter setting them would break framing or routing upstream. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("host", "content-length",
            "transfer-encoding", "connection", "upgrade", "te", "keep-alive", "trailer", "proxy-connection");

    private static String requireName(String name) {
        if (name == null || name.isEmpty() || !name.chars().allMatch(FilterRun::isTokenChar)) {
            throw new IllegalArgumentException("not a header name: '" + name + "'");
        }
        if (RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("filters may not set the " + name + " header");
        }
        return name;
    }

    /** Control characters (but tab) in a value would split or corrupt the header: a filter bug, not something to pass on. */
    private static String requireValue(String value) {
        if (value == null || !value.chars().allMatch(c -> c == '\t' || c >= 0x20 && c != 0x7f)) {
            throw new IllegalArgumentException("not a header value: '" + value + "'");
        }
        return value;
    }

    /** RFC 9110 token characters. */
    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
}

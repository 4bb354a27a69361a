package io.caracal.balancer.hash.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.caracal.api.http.RequestView;
import io.caracal.api.upstream.ClusterView;
import io.caracal.api.upstream.Upstream;

/** Upstreams, clusters and requests for the unit tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** An upstream; {@code healthy} is not what the ring looks at (the candidate list is). */
    record TestUpstream(String id, int weight) implements Upstream {
        @Override public String scheme() { return "http"; }
        @Override public String host() { return id.substring(0, id.lastIndexOf(':')); }
        @Override public int port() { return Integer.parseInt(id.substring(id.lastIndexOf(':') + 1)); }
        @Override public int inFlight() { return 0; }
        @Override public long latencyEwmaNanos() { return 0; }
        @Override public boolean healthy() { return true; }
    }

    static Upstream upstream(String id) {
        return new TestUpstream(id, 1);
    }

    /** {@code count} upstreams 10.0.0.1:8080, 10.0.0.2:8080 … of weight 1. */
    static List<Upstream> upstreams(int count) {
        List<Upstream> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(upstream("10.0.0." + i + ":8080"));
        }
        return List.copyOf(out);
    }

    static ClusterView cluster(List<Upstream> upstreams) {
        return new ClusterView() {
            @Override public String name() { return "test"; }
            @Override public List<Upstream> upstreams() { return upstreams; }
        };
    }

    static List<Upstream> without(List<Upstream> upstreams, Upstream removed) {
        List<Upstream> out = new ArrayList<>(upstreams);
        out.remove(removed);
        return List.copyOf(out);
    }

    /** A request from {@code clientAddress}; add headers, path and query with the builder methods. */
    static Request request(String clientAddress) {
        return new Request(clientAddress);
    }

    static final class Request implements RequestView {
        private final String clientAddress;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private String path = "/";
        private String query;

        Request(String clientAddress) {
            this.clientAddress = clientAddress;
        }

        Request header(String name, String value) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(value);
            return this;
        }

        Request path(String path) {
            this.path = path;
            return this;
        }

        Request query(String query) {
            this.query = query;
            return this;
        }

        @Override public String method() { return "GET"; }
        @Override public String scheme() { return "http"; }
        @Override public String host() { return "example.test"; }
        @Override public String path() { return path; }
        @Override public String query() { return query; }
        @Override public String clientAddress() { return clientAddress; }
        @Override public int clientPort() { return 40000; }

        @Override
        public String header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? null : values.get(0);
        }

        @Override
        public List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }
}

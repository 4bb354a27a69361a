package io.caracal.console.internal;

import java.util.Arrays;
import java.util.List;

/** A servlet path info ({@code /clusters/api/upstreams/10.0.0.5:8080/drain}) as its non-empty segments. */
final class PathSegments {

    private PathSegments() {
    }

    static List<String> of(String pathInfo) {
        if (pathInfo == null) {
            return List.of();
        }
        return Arrays.stream(pathInfo.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}

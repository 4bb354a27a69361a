package io.caracal.api.filter;

import java.util.Map;

import io.caracal.api.http.RequestView;

import org.osgi.annotation.versioning.ProviderType;

/** What a filter sees of one request, and the changes it may ask for. */
@ProviderType
public interface FilterContext {

    /** The client request. */
    RequestView request();

    /** The name of the matched route. */
    String route();

    /** The route's options for this filter ({@code filter.<name>.*} with that prefix removed). */
    Map<String, String> options();

    /** Adds a header to the request sent upstream, for example a validated identity. */
    void addUpstreamHeader(String name, String value);

    /** Adds a header to the response sent to the client. */
    void addResponseHeader(String name, String value);

    /** Per-request attributes shared by the filters of one request. */
    Map<String, Object> attributes();
}

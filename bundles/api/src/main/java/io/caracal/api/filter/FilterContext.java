package io.caracal.api.filter;

import java.util.Map;

import io.caracal.api.http.RequestView;

import org.osgi.annotation.versioning.ProviderType;

/** What a filter sees of one request, and the changes it may ask for. */
@ProviderType
public interface FilterContext {

    /**
     * The attribute under which a filter that authenticates a request (basic auth, JWT …) stores
     * the verified identity as a {@code Map<String, Object>} of claims, at least {@code sub}. Later
     * filters (a rate limit keyed by a claim) read it from {@link #attributes()}.
     */
    String IDENTITY_CLAIMS = "caracal.identity.claims";

    /** The client request. */
    RequestView request();

    /** The name of the matched route. */
    String route();

    /**
     * Sets a header on the request sent upstream, replacing any value the client sent under that
     * name (a client must not be able to forge an identity header).
     */
    void setUpstreamHeader(String name, String value);

    /** Removes a header the client sent from the request sent upstream. */
    void removeUpstreamHeader(String name);

    /**
     * Adds a header to the response sent to the client, whatever that response turns out to be
     * (the upstream's, a later filter's rejection, or a proxy error).
     */
    void addResponseHeader(String name, String value);

    /** Per-request attributes shared by the filters of one request. */
    Map<String, Object> attributes();

    /**
     * The start of the request body, read before the filters run because one of them is a
     * {@link RequestBodyFilter}; {@code null} when the request has no body or no filter of the
     * route asked for it.
     */
    RequestBody requestBody();

    /**
     * Asks to see the upstream's response to this request before the client gets it. Call it from
     * {@link RequestFilter#apply} for a request the filter lets through; the inspectors of a request
     * run in the order their filters ran, once the response arrives (see {@link ResponseInspector}).
     * Only requests with an inspector have their response held back.
     *
     * @throws IllegalStateException when called after {@code apply} returned
     */
    void inspectResponse(ResponseInspector inspector);
}

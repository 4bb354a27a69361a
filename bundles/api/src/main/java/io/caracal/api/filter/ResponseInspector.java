package io.caracal.api.filter;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Looks at the upstream's response to one request before the client gets any of it, as a WAF's
 * outbound rules need (error pages, data leaking in headers or the body). A filter registers one
 * with {@link FilterContext#inspectResponse}; responses of requests without one stream as before.
 *
 * <p>When the head arrives, the core asks each inspector of the request for its {@link #bodyLimit},
 * buffers the body up to the largest (without holding a thread), then calls {@link #inspect} on
 * each in filter order, on a worker thread, until one rejects. Nothing reaches the client before
 * that, so a rejection replaces the response entirely (its status, reason and headers, as for a
 * rejected request) and the upstream's response is discarded. When all proceed, the client gets
 * the response unchanged. An inspector that throws fails the request with 500.
 *
 * <p>Inspected is the answer that goes to the client, not one discarded to retry another upstream,
 * and its body as the upstream sent it: a compressed body ({@code Content-Encoding}) is seen
 * compressed. On a caching route the inspectors decide before the cache sees the answer, so a
 * rejected one is never stored, and a stored one is not inspected again when it answers. A refresh
 * the cache fetches in the background (stale-while-revalidate) is inspected too, possibly after
 * the client's answer is complete, and not stored if rejected. An inspector may thus see no
 * response for its request, and rarely two (the cache asks again when a 304 validates another
 * response than the stored one).
 */
@ConsumerType
public interface ResponseInspector {

    /**
     * How many bytes of the body this inspector wants to see, asked when the response head
     * arrives; 0 or less for the head only (a content type it does not inspect, a HEAD request).
     * It runs on the thread that received the head: keep it cheap. The core holds the largest
     * limit in memory for every inspected response in flight, so keep that modest too.
     *
     * @param headers the response's header fields, as {@link ResponseView#headerFields()}
     */
    int bodyLimit(int status, List<Map.Entry<String, String>> headers);

    /**
     * Decides on the response once its head and the start of its body (as much as the largest
     * limit, or the whole body when shorter) are in.
     *
     * @return {@link FilterDecision#proceed()} to let the response go to the client, or a rejection
     *         to send instead
     */
    FilterDecision inspect(ResponseView response);
}

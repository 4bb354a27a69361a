package io.caracal.core.internal.cache;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.jetty.http.HttpFields;

/** How the cache hands a request to the route's cluster; the proxy implements it. */
public interface Forwarder {

    /** Sends the client's request upstream as for any route (filters' headers, retries, counters). */
    void forward(UpstreamObserver observer);

    /**
     * Sends a GET of the request's URL upstream without a client waiting for it, with the same
     * header fields as a forward, changed by {@code headers}. Must be called while the request is
     * being handled; the request may complete before the answer comes.
     *
     * @param maxBodyBytes a longer body is not kept (the listener gets null)
     */
    void fetchInBackground(Consumer<HttpFields.Mutable> headers, long maxBodyBytes, FetchListener listener);

    /** Answers the client with an error of the proxy's own. */
    void answerError(int status, String reason, List<Map.Entry<String, String>> headers);

    /** The outcome of a background fetch. */
    interface FetchListener {

        /**
         * @param headers the end-to-end header fields of the answer
         * @param body the complete body, or null when it was cut or longer than allowed
         */
        void fetched(int status, HttpFields headers, ByteBuffer body, long requestTime, long responseTime);

        /** No answer came (no upstream, connection failure, timeout). */
        void failed(Throwable failure);
    }
}

package io.caracal.core.internal.cache;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.http.HttpFields;

/**
 * Watches one request's exchange with the upstream on behalf of the cache, and may take the
 * client's answer over. The exchange calls it in this order: {@link #prepare} (per attempt), then
 * either {@link #onHeaders}, {@link #onContent}…, {@link #bodyComplete} (when it did) and {@link #ended},
 * or {@link #answerError}, or {@link #refused}.
 * Calls never overlap.
 */
public interface UpstreamObserver {

    /** Adjusts the header fields of a request about to go upstream; called for every attempt. */
    void prepare(HttpFields.Mutable upstreamHeaders);

    /**
     * The upstream answered (a final answer: retries are over).
     *
     * @param headers its end-to-end header fields as the client would get them; the observer may add to them
     * @return true to take the client's answer over: the exchange then writes nothing to the client,
     *         passes the body to {@link #onContent} only and reports {@link #ended}; false to stream
     *         the answer to the client as usual
     */
    boolean onHeaders(org.eclipse.jetty.client.Response upstreamResponse, HttpFields.Mutable headers);

    /**
     * A piece of the body, before it is written to the client; its position must be left as it is.
     *
     * @return whether the rest is wanted; when the answer was taken over, false stops the exchange
     *         (it then ends incomplete). A streamed answer is read to its end regardless.
     */
    boolean onContent(ByteBuffer chunk);

    /**
     * The whole body arrived from the upstream; called before the end of the answer is written to
     * the client, so that what is stored is there once the client has the answer.
     */
    void bodyComplete();

    /**
     * The exchange is over.
     *
     * @param complete whether the whole body arrived and, when streamed, reached the client
     */
    void ended(boolean complete);

    /**
     * The exchange ends in an error answer of the proxy's own (502, 503, 504 …) rather than an
     * upstream's answer; {@link #ended} is not called.
     *
     * @return true when the observer answered the client itself
     */
    boolean answerError(int status);

    /**
     * A filter's response inspector refused the upstream's answer before the observer saw it: the
     * client gets the filter's rejection, nothing of the answer may be stored, and {@link #ended}
     * is not called. What the answer says about stored responses may still count (an unsafe
     * method's success invalidates).
     *
     * @return header fields for the rejection
     */
    List<Map.Entry<String, String>> refused(org.eclipse.jetty.client.Response upstreamResponse, int rejectionStatus);

    /** Header fields for the proxy's own error answer. */
    List<Map.Entry<String, String>> errorHeaders(int status);
}

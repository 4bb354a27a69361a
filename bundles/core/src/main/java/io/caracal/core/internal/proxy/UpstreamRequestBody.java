package io.caracal.core.internal.proxy;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Streams the client's request body to the upstream without buffering it: the upstream side reads
 * and demands, and those calls go straight to the client side. Until the first read the exchange
 * can still be retried elsewhere, so the exchange is told when that happens.
 *
 * <p>When the route's body filters read the start of the body first, that start is sent first,
 * then the rest of the stream. A body they read whole is sent from memory and may be sent again:
 * reading it does not stop a retry.
 */
final class UpstreamRequestBody implements org.eclipse.jetty.client.Request.Content {

    private final Request request;
    private final Exchange exchange;
    private Content.Chunk peeked;
    /** The start (or all) of the body that the filters read, or null. */
    private final InspectedBody inspected;
    private boolean inspectedSent;
    private boolean read;

    /**
     * @param peeked a chunk already read from {@code request} to see whether a body exists, or null
     * @param inspected the start of the body the route's filters read, or null; then {@code peeked} is null
     */
    UpstreamRequestBody(Request request, Content.Chunk peeked, InspectedBody inspected, Exchange exchange) {
        this.request = request;
        this.peeked = peeked;
        this.inspected = inspected;
        this.exchange = exchange;
    }

    @Override
    public long getLength() {
        return request.getLength();
    }

    @Override
    public Content.Chunk read() {
        if (inspected != null) {
            if (!inspectedSent) {
                inspectedSent = true;
                if (!inspected.replayable()) {
                    streamed();
                }
                return inspected.buffered();
            }
            if (inspected.replayable()) {
                return Content.Chunk.EOF; // the buffered chunk was the last
            }
            Content.Chunk rest = inspected.takeRest();
            if (rest != null) {
                return rest;
            }
            return request.read();
        }
        streamed();
        Content.Chunk chunk = peeked;
        if (chunk != null) {
            peeked = null;
            return chunk;
        }
        return request.read();
    }

    /** Part of the client's stream is on its way upstream: it cannot be sent to another upstream. */
    private void streamed() {
        read = true;
        exchange.bodyConsumed();
    }

    @Override
    public void demand(Runnable demandCallback) {
        if (peeked != null || inspected != null && (!inspectedSent || inspected.replayable() || inspected.hasRest())) {
            demandCallback.run();
        } else {
            request.demand(demandCallback);
        }
    }

    @Override
    public void fail(Throwable failure) {
        // The upstream side gives up on the body. If it never read any of the client's stream (the
        // upstream could not be reached, or the body is all in memory), the body stays intact for a
        // retry on another upstream.
        if (read) {
            request.fail(failure);
        }
    }

    @Override
    public String getContentType() {
        return request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    }

    @Override
    public boolean rewind() {
        if (inspected != null && inspected.replayable()) {
            inspectedSent = false;
            return true;
        }
        return false;
    }
}

package io.caracal.core.internal.proxy;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Streams the client's request body to the upstream without buffering it: the upstream side reads
 * and demands, and those calls go straight to the client side. Until the first read the exchange
 * can still be retried elsewhere, so the exchange is told when that happens.
 */
final class UpstreamRequestBody implements org.eclipse.jetty.client.Request.Content {

    private final Request request;
    private final Exchange exchange;
    private Content.Chunk peeked;
    private boolean read;

    /**
     * @param peeked a chunk already read from {@code request} to see whether a body exists, or null
     */
    UpstreamRequestBody(Request request, Content.Chunk peeked, Exchange exchange) {
        this.request = request;
        this.peeked = peeked;
        this.exchange = exchange;
    }

    @Override
    public long getLength() {
        return request.getLength();
    }

    @Override
    public Content.Chunk read() {
        read = true;
        exchange.bodyConsumed();
        Content.Chunk chunk = peeked;
        if (chunk != null) {
            peeked = null;
            return chunk;
        }
        return request.read();
    }

    @Override
    public void demand(Runnable demandCallback) {
        if (peeked != null) {
            demandCallback.run();
        } else {
            request.demand(demandCallback);
        }
    }

    @Override
    public void fail(Throwable failure) {
        // The upstream side gives up on the body. If it never read any of it (the upstream could
        // not be reached), the body stays intact for a retry on another upstream.
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
        return false;
    }
}

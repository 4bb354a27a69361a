package io.caracal.core.internal.proxy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.caracal.api.filter.FilterDecision;
import io.caracal.core.internal.cache.Forwarder;
import io.caracal.core.internal.filter.FilterRun;
import io.caracal.core.internal.filter.ResponseInspectors;

import org.eclipse.jetty.http.HttpFields;

/**
 * Shows a response the cache fetched in the background (a stale-while-revalidate refresh) to the
 * request's response inspectors before the cache may store it: what they refuse counts as a failed
 * fetch, so the stale response stays as it is. No client waits for the answer, so the decision
 * moves no filter stats; the inspectors run on a worker thread.
 */
final class InspectedFetch implements Forwarder.FetchListener {

    private final Forwarder.FetchListener cache;
    private final ResponseInspectors inspectors;
    private final Executor executor;

    InspectedFetch(Forwarder.FetchListener cache, ResponseInspectors inspectors, Executor executor) {
        this.cache = cache;
        this.inspectors = inspectors;
        this.executor = executor;
    }

    @Override
    public void fetched(int status, HttpFields headers, ByteBuffer body, long requestTime, long responseTime) {
        try {
            executor.execute(() -> decide(status, headers, body, requestTime, responseTime));
        } catch (RejectedExecutionException e) {
            cache.failed(e);
        }
    }

    private void decide(int status, HttpFields headers, ByteBuffer body, long requestTime, long responseTime) {
        List<Map.Entry<String, String>> fields = HeldResponse.fieldsOf(headers);
        FilterRun.BodyLimit limit = inspectors.bodyLimit(status, fields, false);
        FilterDecision decision = limit.failure();
        if (decision == null) {
            // A body the fetch did not keep (too long, cut) is not stored either: the head decides.
            byte[] bytes = new byte[body == null ? 0 : Math.min(Math.max(limit.bytes(), 0), body.remaining())];
            if (body != null) {
                body.get(body.position(), bytes);
            }
            boolean complete = body != null && bytes.length == body.remaining();
            decision = inspectors.inspect(new HeldResponse(status, fields, bytes, bytes.length, complete), false);
        }
        if (decision.allowed()) {
            cache.fetched(status, headers, body, requestTime, responseTime);
        } else {
            cache.failed(new IllegalStateException("a filter refused the response: " + decision.reason()));
        }
    }

    @Override
    public void failed(Throwable failure) {
        cache.failed(failure);
    }
}

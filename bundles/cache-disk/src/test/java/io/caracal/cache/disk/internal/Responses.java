package io.caracal.cache.disk.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.caracal.api.cache.CachedResponse;

/** Test responses and a bounded wait for stages. */
final class Responses {

    private Responses() {
    }

    static CachedResponse sized(int bodyBytes, byte fill) {
        byte[] body = new byte[bodyBytes];
        Arrays.fill(body, fill);
        return new CachedResponse(200, List.of(Map.entry("Content-Type", "application/octet-stream")),
                ByteBuffer.wrap(body), 1_000L, 2_000L);
    }

    static CachedResponse text(String body) {
        return new CachedResponse(200, List.of(Map.entry("Content-Type", "text/plain")),
                ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), 1_000L, 2_000L);
    }

    static String bodyText(CachedResponse response) {
        return StandardCharsets.UTF_8.decode(response.body().duplicate()).toString();
    }

    static byte[] bodyBytes(CachedResponse response) {
        ByteBuffer body = response.body().duplicate();
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        return bytes;
    }

    static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("stage did not complete normally", e);
        }
    }
}

package io.caracal.cache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.caracal.api.cache.CachedResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryCodecTest {

    private static final String KEY = "api|https://example.com/a?b=c";

    private static CachedResponse response() {
        byte[] body = new byte[300];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i; // every byte value, zeros included
        }
        return new CachedResponse(203, List.of(Map.entry("Vary", "Accept"), Map.entry("Set-Cookie", "a=1"),
                Map.entry("Set-Cookie", "b=2"), Map.entry("X-Empty", ""), Map.entry("X-Ünïcode", "café ✓")),
                ByteBuffer.wrap(body), 1_700_000_000_123L, 1_700_000_000_456L);
    }

    private static byte[] bytes(EntryCodec.Encoded encoded) {
        ByteBuffer all = ByteBuffer.allocate((int) encoded.length());
        for (ByteBuffer part : encoded.parts()) {
            all.put(part.duplicate());
        }
        return all.array();
    }

    @Test
    void roundTrip() throws Exception {
        CachedResponse original = response();
        byte[] file = bytes(EntryCodec.encode(KEY, original));
        assertEquals(EntryCodec.OVERHEAD_BYTES, file.length - original.body().remaining()
                - (KEY.length() + 8 * 5 + "VaryAcceptSet-Cookiea=1Set-Cookieb=2X-Empty".length() + "X-Ünïcodecafé ✓".getBytes("UTF-8").length));

        CachedResponse decoded = EntryCodec.decode(file, KEY);
        assertEquals(original.status(), decoded.status());
        assertEquals(original.headers(), decoded.headers());
        assertEquals(original.body(), decoded.body());
        assertEquals(original.requestTimeMillis(), decoded.requestTimeMillis());
        assertEquals(original.responseTimeMillis(), decoded.responseTimeMillis());
        assertEquals(original.weight(), decoded.weight());
    }

    @Test
    void anEmptyBodyAndNoHeaders() throws Exception {
        CachedResponse empty = new CachedResponse(204, List.of(), ByteBuffer.allocate(0), 0, 0);
        CachedResponse decoded = EntryCodec.decode(bytes(EntryCodec.encode("k", empty)), "k");
        assertEquals(204, decoded.status());
        assertEquals(0, decoded.body().remaining());
    }

    @Test
    void everyChangedByteIsDetected() throws Exception {
        byte[] file = bytes(EntryCodec.encode(KEY, response()));
        for (int i = 0; i < file.length; i++) {
            byte[] damaged = file.clone();
            damaged[i] ^= 0x5A;
            assertThrows(EntryCodec.CorruptEntryException.class, () -> EntryCodec.decode(damaged, KEY), "byte " + i);
        }
    }

    @Test
    void everyTruncationIsDetected() throws Exception {
        byte[] file = bytes(EntryCodec.encode(KEY, response()));
        for (int length = 0; length < file.length; length++) {
            byte[] torn = Arrays.copyOf(file, length);
            assertThrows(EntryCodec.CorruptEntryException.class, () -> EntryCodec.decode(torn, KEY), "length " + length);
        }
        byte[] longer = Arrays.copyOf(file, file.length + 1);
        assertThrows(EntryCodec.CorruptEntryException.class, () -> EntryCodec.decode(longer, KEY));
    }

    @Test
    void anotherKeysFileIsNotServed() throws Exception {
        byte[] file = bytes(EntryCodec.encode(KEY, response()));
        assertThrows(EntryCodec.CorruptEntryException.class, () -> EntryCodec.decode(file, KEY + "x"));
    }

    @Test
    void textThatWouldNotReadBackIsRefused() {
        assertThrows(CharacterCodingException.class, () -> EntryCodec.encode("bad\uD800key", response()));
        CachedResponse badHeader = new CachedResponse(200, List.of(Map.entry("X", "\uDC00")), ByteBuffer.allocate(0), 0, 0);
        assertThrows(CharacterCodingException.class, () -> EntryCodec.encode("k", badHeader));
    }

    @Test
    void theHeadAloneGivesKeyWeightAndLength(@TempDir Path dir) throws Exception {
        byte[] file = bytes(EntryCodec.encode(KEY, response()));
        Path path = dir.resolve("entry");
        Files.write(path, file);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            EntryCodec.Head head = EntryCodec.readHead(channel, file.length);
            assertEquals(KEY, head.key());
            assertEquals(response().weight(), head.weight());
            assertEquals(file.length, head.length());
        }
        // A file cut anywhere fails the head check (by its length) without reading the body.
        Files.write(path, Arrays.copyOf(file, file.length - 1));
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            assertThrows(EntryCodec.CorruptEntryException.class, () -> EntryCodec.readHead(channel, file.length - 1));
        }
        byte[] badKey = file.clone();
        badKey[EntryCodec.HEAD_BYTES] ^= 1;
        Files.write(path, badKey);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            assertThrows(EntryCodec.CorruptEntryException.class, () -> EntryCodec.readHead(channel, badKey.length));
        }
        assertArrayEquals(file, bytes(EntryCodec.encode(KEY, response())), "encoding is deterministic");
    }

    @Test
    void hugeLengthsInADamagedHeadAreRefusedBeforeAllocating(@TempDir Path dir) throws IOException, Exception {
        byte[] file = bytes(EntryCodec.encode(KEY, response()));
        ByteBuffer.wrap(file).putInt(44, Integer.MAX_VALUE);
        Path path = dir.resolve("entry");
        Files.write(path, file);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            assertThrows(EntryCodec.CorruptEntryException.class, () -> EntryCodec.readHead(channel, file.length));
        }
    }
}

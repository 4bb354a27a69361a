package io.caracal.cache.disk.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import io.caracal.api.cache.CachedResponse;

/**
 * The file format of one entry (version 1). All numbers big-endian:
 *
 * <pre>
 * offset   size  field
 *  0        4    magic "CRCL"
 *  4        2    format version (1)
 *  6        2    reserved, 0
 *  8        4    status
 * 12        8    request time (epoch millis)
 * 20        8    response time (epoch millis)
 * 28        8    weight (CachedResponse.weight())
 * 36        4    key length K, bytes
 * 40        4    header field count H
 * 44        4    meta length M, bytes: the key and the header fields
 * 48        8    body length B
 * 56        M    key (UTF-8), then H times: name length (4), name (UTF-8), value length (4), value (UTF-8)
 * 56+M      4    CRC32C of bytes [0, 56+M): lets a startup scan trust the head without reading bodies
 * 60+M      B    body
 * 60+M+B    4    CRC32C of bytes [0, 60+M+B): the whole file, checked on every read
 * </pre>
 *
 * A file is valid only if its length is exactly 64 + M + B and both checksums match, so a torn,
 * truncated or bit-flipped file is always detected. The key is stored and compared on read, so a
 * file is never served for a different key.
 */
final class EntryCodec {

    static final int MAGIC = 0x4352434C; // "CRCL"
    static final short VERSION = 1;
    static final int HEAD_BYTES = 56;
    static final int CRC_BYTES = 4;
    static final int OVERHEAD_BYTES = HEAD_BYTES + 2 * CRC_BYTES;
    /** Larger key and header sections are refused: they bound what a scan allocates for a damaged file. */
    static final int MAX_META_BYTES = 16 * 1024 * 1024;

    private EntryCodec() {
    }

    /** A file's content was not a valid entry. */
    static final class CorruptEntryException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptEntryException(String message) {
            super(message);
        }
    }

    /** An entry ready to write: the parts in order (head with meta and its CRC, body, trailing CRC). */
    record Encoded(ByteBuffer[] parts, long length) {
    }

    /** What a startup scan needs of a file, read from its head only. */
    record Head(String key, long weight, long length) {
    }

    /**
     * @throws CharacterCodingException when the key or a header is not valid Unicode (an unpaired
     *         surrogate): it would not read back as the same string
     * @throws IllegalArgumentException when the key and headers exceed {@link #MAX_META_BYTES}
     */
    static Encoded encode(String key, CachedResponse response) throws CharacterCodingException {
        byte[] keyBytes = utf8(key);
        List<Map.Entry<String, String>> headers = response.headers();
        List<byte[]> fields = new ArrayList<>(headers.size() * 2);
        long meta = keyBytes.length;
        for (Map.Entry<String, String> header : headers) {
            byte[] name = utf8(header.getKey());
            byte[] value = utf8(header.getValue());
            fields.add(name);
            fields.add(value);
            meta += 8L + name.length + value.length;
        }
        if (meta > MAX_META_BYTES) {
            throw new IllegalArgumentException("key and headers take " + meta + " bytes, more than " + MAX_META_BYTES);
        }
        ByteBuffer body = response.body().duplicate();
        ByteBuffer head = ByteBuffer.allocate(HEAD_BYTES + (int) meta + CRC_BYTES);
        head.putInt(MAGIC).putShort(VERSION).putShort((short) 0)
                .putInt(response.status())
                .putLong(response.requestTimeMillis())
                .putLong(response.responseTimeMillis())
                .putLong(response.weight())
                .putInt(keyBytes.length)
                .putInt(headers.size())
                .putInt((int) meta)
                .putLong(body.remaining())
                .put(keyBytes);
        for (byte[] field : fields) {
            head.putInt(field.length).put(field);
        }
        CRC32C crc = new CRC32C();
        crc.update(head.array(), 0, head.position());
        head.putInt((int) crc.getValue());
        head.flip();

        CRC32C whole = new CRC32C();
        whole.update(head.array(), 0, head.limit());
        whole.update(body.duplicate());
        ByteBuffer trailer = ByteBuffer.allocate(CRC_BYTES).putInt((int) whole.getValue()).flip();
        return new Encoded(new ByteBuffer[] {head, body, trailer}, head.limit() + (long) body.remaining() + CRC_BYTES);
    }

    /** Checks a whole file and decodes it; the body is a view of {@code file}, not a copy. */
    static CachedResponse decode(byte[] file, String expectedKey) throws CorruptEntryException {
        if (file.length < OVERHEAD_BYTES) {
            throw new CorruptEntryException("truncated: " + file.length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(file);
        Layout layout = layout(in, file.length);
        CRC32C whole = new CRC32C();
        whole.update(file, 0, file.length - CRC_BYTES);
        if ((int) whole.getValue() != in.getInt(file.length - CRC_BYTES)) {
            throw new CorruptEntryException("checksum mismatch");
        }
        checkHeadCrc(file, layout.meta);
        in.position(HEAD_BYTES);
        String key = string(in, layout.keyLength);
        if (!key.equals(expectedKey)) {
            throw new CorruptEntryException("holds another key");
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>(Math.min(layout.headerCount, 1024));
        for (int i = 0; i < layout.headerCount; i++) {
            String name = string(in, lengthWithin(in, HEAD_BYTES + layout.meta));
            String value = string(in, lengthWithin(in, HEAD_BYTES + layout.meta));
            headers.add(Map.entry(name, value));
        }
        if (in.position() != HEAD_BYTES + layout.meta) {
            throw new CorruptEntryException("header fields do not fill their section");
        }
        ByteBuffer body = ByteBuffer.wrap(file, HEAD_BYTES + layout.meta + CRC_BYTES, (int) layout.bodyLength).slice();
        CachedResponse response = new CachedResponse(layout.status, headers, body, layout.requestTime, layout.responseTime);
        if (response.weight() != layout.weight) {
            throw new CorruptEntryException("weight mismatch");
        }
        return response;
    }

    /** Reads and checks only the head of a file (key, weight, lengths, head checksum). */
    static Head readHead(FileChannel channel, long size) throws IOException, CorruptEntryException {
        if (size < OVERHEAD_BYTES) {
            throw new CorruptEntryException("truncated: " + size + " bytes");
        }
        ByteBuffer fixed = ByteBuffer.allocate(HEAD_BYTES);
        readFully(channel, fixed, 0);
        Layout layout = layout(fixed, size);
        byte[] head = new byte[HEAD_BYTES + layout.meta + CRC_BYTES];
        System.arraycopy(fixed.array(), 0, head, 0, HEAD_BYTES);
        readFully(channel, ByteBuffer.wrap(head, HEAD_BYTES, layout.meta + CRC_BYTES), HEAD_BYTES);
        checkHeadCrc(head, layout.meta);
        ByteBuffer in = ByteBuffer.wrap(head, HEAD_BYTES, layout.meta);
        return new Head(string(in, layout.keyLength), layout.weight, size);
    }

    private record Layout(int status, long requestTime, long responseTime, long weight, int keyLength,
            int headerCount, int meta, long bodyLength) {
    }

    /** The fixed fields, checked against each other and against the file's real length. */
    private static Layout layout(ByteBuffer in, long fileLength) throws CorruptEntryException {
        if (in.getInt(0) != MAGIC) {
            throw new CorruptEntryException("not a cache entry (bad magic)");
        }
        if (in.getShort(4) != VERSION || in.getShort(6) != 0) {
            throw new CorruptEntryException("unknown format version " + in.getShort(4));
        }
        int keyLength = in.getInt(36);
        int headerCount = in.getInt(40);
        int meta = in.getInt(44);
        long bodyLength = in.getLong(48);
        if (meta < 0 || meta > MAX_META_BYTES || keyLength < 0 || keyLength > meta || headerCount < 0
                || headerCount > meta / 8 || bodyLength < 0) {
            throw new CorruptEntryException("bad lengths");
        }
        if (OVERHEAD_BYTES + meta + bodyLength != fileLength) {
            throw new CorruptEntryException("length " + fileLength + " instead of " + (OVERHEAD_BYTES + meta + bodyLength)
                    + " (truncated or torn)");
        }
        return new Layout(in.getInt(8), in.getLong(12), in.getLong(20), in.getLong(28), keyLength, headerCount, meta,
                bodyLength);
    }

    private static void checkHeadCrc(byte[] head, int meta) throws CorruptEntryException {
        CRC32C crc = new CRC32C();
        crc.update(head, 0, HEAD_BYTES + meta);
        if ((int) crc.getValue() != ByteBuffer.wrap(head).getInt(HEAD_BYTES + meta)) {
            throw new CorruptEntryException("head checksum mismatch");
        }
    }

    private static int lengthWithin(ByteBuffer in, int end) throws CorruptEntryException {
        if (end - in.position() < 4) {
            throw new CorruptEntryException("header fields overrun their section");
        }
        return in.getInt();
    }

    private static String string(ByteBuffer in, int length) throws CorruptEntryException {
        if (length < 0 || length > in.remaining()) {
            throw new CorruptEntryException("a string overruns its section");
        }
        ByteBuffer bytes = in.slice(in.position(), length);
        in.position(in.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new CorruptEntryException("malformed UTF-8");
        }
    }

    private static byte[] utf8(String text) throws CharacterCodingException {
        ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(text));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException, CorruptEntryException {
        long at = position;
        while (into.hasRemaining()) {
            int read = channel.read(into, at);
            if (read < 0) {
                throw new CorruptEntryException("truncated");
            }
            at += read;
        }
    }
}

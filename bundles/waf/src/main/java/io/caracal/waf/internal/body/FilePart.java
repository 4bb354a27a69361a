package io.caracal.waf.internal.body;

/**
 * A multipart part that carried a filename parameter.
 *
 * @param fieldName   the Content-Disposition name (FILES_NAMES; the key of FILES and FILES_SIZES)
 * @param fileName    the Content-Disposition filename, possibly empty (FILES)
 * @param size        bytes of content, counted in full even when not all were kept (FILES_SIZES)
 * @param contentType the part's Content-Type header value, or "" when it has none
 * @param content     the first {@link Limits#maxFileBytesKept()} bytes of the content, as a byte
 *                    string (FILES_TMP_CONTENT); shorter than {@code size} when cut
 */
public record FilePart(String fieldName, String fileName, long size, String contentType, String content) {
}

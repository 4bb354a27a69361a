package io.caracal.waf.internal.engine;

import java.util.List;

/**
 * The facts of one request the rules look at, before any parsing. Strings are byte strings (one
 * char per byte); see {@link ByteStrings}.
 *
 * @param method request method
 * @param path the path as sent (still percent-encoded)
 * @param query the raw query string without {@code ?}, or null
 * @param protocol {@code HTTP/1.1} …
 * @param headers the header fields in order
 * @param body the buffered body, or null when the request has none
 * @param bodyComplete whether {@code body} is the whole body
 */
public record RequestData(String method, String path, String query, String protocol, List<VarValue> headers,
        String remoteAddress, int remotePort, String serverName, int serverPort, byte[] body, boolean bodyComplete) {

    /** The request target as sent: path and query. */
    public String uri() {
        return query == null ? path : path + "?" + query;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        for (VarValue header : headers) {
            if (header.key().equalsIgnoreCase(name)) {
                return header.value();
            }
        }
        return null;
    }
}

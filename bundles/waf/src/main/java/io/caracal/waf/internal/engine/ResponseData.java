package io.caracal.waf.internal.engine;

import java.util.List;

/**
 * The upstream's response as the outbound rules (phases 3 and 4) see it. Strings are byte strings.
 *
 * @param status the status code
 * @param protocol {@code HTTP/1.1} …
 * @param headers the header fields in order
 * @param body the start of the body as buffered, or null when it was not inspected
 * @param bodyComplete whether {@code body} is the whole body
 */
public record ResponseData(int status, String protocol, List<VarValue> headers, byte[] body, boolean bodyComplete) {

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

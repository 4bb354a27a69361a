package io.caracal.api.filter;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An upstream's response as a {@link ResponseInspector} sees it: the head and the start of the
 * body, held back from the client. Valid only during {@link ResponseInspector#inspect}.
 */
@ProviderType
public interface ResponseView {

    /** The upstream's status code. */
    int status();

    /**
     * The upstream's header fields in order, as the client would get them: without hop-by-hop
     * fields ({@code Connection}, {@code Transfer-Encoding} …), with this proxy's {@code Via}
     * entry; not the headers filters add with {@link FilterContext#addResponseHeader}.
     */
    List<Map.Entry<String, String>> headerFields();

    /**
     * The start of the body as buffered, as a read-only buffer of its own on each call (positioned
     * at the start), so that one inspector reading it does not move it for the next: the whole body
     * when {@link #bodyComplete()}, else exactly the largest {@link ResponseInspector#bodyLimit}
     * of the request's inspectors; empty when that limit is 0. Compressed bodies are as received.
     */
    ByteBuffer body();

    /**
     * Whether {@link #body()} is the whole body; false when the body is longer than the limit, and
     * possibly when it is exactly as long (a body without {@code Content-Length} is only known to
     * end when its end arrives).
     */
    boolean bodyComplete();
}

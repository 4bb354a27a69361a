package io.caracal.api.filter;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The start of a request body as the core buffered it for {@link RequestBodyFilter}s. Like the
 * rest of the {@link FilterContext}, it is valid only during {@link RequestFilter#apply}.
 */
@ProviderType
public interface RequestBody {

    /**
     * The buffered bytes, as a read-only buffer of its own on each call (positioned at the start),
     * so that one filter reading it does not move it for the next. It holds the whole body when
     * {@link #complete()}, else exactly the largest {@link RequestBodyFilter#bodyInspectionLimit()}
     * among the route's filters.
     */
    ByteBuffer content();

    /** Whether {@link #content()} is the whole body; false when the body is longer than the limit. */
    boolean complete();

    /** The body length the client declared in {@code Content-Length}, or -1 when it declared none (chunked). */
    long declaredLength();
}

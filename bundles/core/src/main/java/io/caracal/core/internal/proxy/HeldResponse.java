package io.caracal.core.internal.proxy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.caracal.api.filter.ResponseView;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/** An upstream response held back from the client, as its inspectors see it. */
final class HeldResponse implements ResponseView {

    private final int status;
    private final List<Map.Entry<String, String>> headerFields;
    private final byte[] bytes;
    private final int length;
    private final boolean complete;

    HeldResponse(int status, List<Map.Entry<String, String>> headerFields, byte[] bytes, int length, boolean complete) {
        this.status = status;
        this.headerFields = headerFields;
        this.bytes = bytes;
        this.length = length;
        this.complete = complete;
    }

    /** The fields of a response as inspectors get them: name and value, in order. */
    static List<Map.Entry<String, String>> fieldsOf(HttpFields fields) {
        List<Map.Entry<String, String>> list = new ArrayList<>(fields.size());
        for (HttpField field : fields) {
            list.add(Map.entry(field.getName(), field.getValue() == null ? "" : field.getValue()));
        }
        return List.copyOf(list);
    }

    /** The upstream's end-to-end fields, as the client would get them. */
    static List<Map.Entry<String, String>> fieldsOf(org.eclipse.jetty.client.Response upstreamResponse) {
        HttpFields.Mutable fields = HttpFields.build();
        ForwardedHeaders.copyResponseHeaders(upstreamResponse, fields);
        return fieldsOf(fields);
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public List<Map.Entry<String, String>> headerFields() {
        return headerFields;
    }

    @Override
    public ByteBuffer body() {
        return ByteBuffer.wrap(bytes, 0, length).slice().asReadOnlyBuffer();
    }

    @Override
    public boolean bodyComplete() {
        return complete;
    }
}

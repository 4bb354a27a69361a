package io.caracal.listener.http.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.caracal.api.http.RequestView;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON object per line ({@code access.log = json}). Jackson's generator escapes whatever a
 * client put in a header, and non-ASCII is written as {@code \}{@code uXXXX}, so every line is
 * plain ASCII whatever the platform's default charset (Jetty's file writer uses that charset).
 */
final class JsonLogFormat implements RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLogFormat.class);

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    private final RequestLog.Writer writer;

    JsonLogFormat(RequestLog.Writer writer) {
        this.writer = writer;
    }

    @Override
    public void log(Request request, Response response) {
        try {
            writer.write(line(request, response));
        } catch (Throwable e) {
            LOG.warn("Could not write an access log line", e);
        }
    }

    static String line(Request request, Response response) throws IOException {
        long durationNanos = NanoTime.since(request.getBeginNanoTime());
        HttpURI uri = request.getHttpURI();
        String peer = address(request.getConnectionMetaData().getRemoteSocketAddress());
        Object client = request.getAttribute(RequestView.CLIENT_ADDRESS_ATTRIBUTE);
        StringWriter text = new StringWriter(384);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("time", Instant.ofEpochMilli(Request.getTimeStamp(request)).toString());
            json.writeStringField("client", client instanceof String resolved ? resolved : peer);
            json.writeStringField("peer", peer);
            json.writeStringField("method", request.getMethod());
            json.writeStringField("uri", uri == null ? null : uri.getPathQuery());
            json.writeStringField("protocol", request.getConnectionMetaData().getProtocol());
            json.writeStringField("host", uri == null ? null : uri.getHost());
            json.writeNumberField("status", response.getStatus());
            json.writeNumberField("bytes_sent", Response.getContentBytesWritten(response));
            json.writeNumberField("bytes_received", Request.getContentBytesRead(request));
            // Milliseconds with microsecond resolution: a proxy answers many requests within 1 ms.
            json.writeFieldName("duration_ms");
            json.writeNumber(BigDecimal.valueOf(TimeUnit.NANOSECONDS.toMicros(durationNanos), 3));
            json.writeStringField("referer", request.getHeaders().get(HttpHeader.REFERER));
            json.writeStringField("user_agent", request.getHeaders().get(HttpHeader.USER_AGENT));
            json.writeStringField("route", attribute(request, RequestView.ROUTE_ATTRIBUTE));
            json.writeStringField("cluster", attribute(request, RequestView.CLUSTER_ATTRIBUTE));
            json.writeStringField("upstream", attribute(request, RequestView.UPSTREAM_ATTRIBUTE));
            json.writeBooleanField("tls", request.isSecure());
            json.writeEndObject();
        }
        return text.toString();
    }

    private static String attribute(Request request, String name) {
        Object value = request.getAttribute(name);
        return value == null ? null : value.toString();
    }

    /** The peer's IP as the listener's resolved addresses are written: IPv6 compressed, no brackets. */
    private static String address(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress inet)) {
            return remote == null ? null : remote.toString();
        }
        InetAddress address = inet.getAddress();
        if (address == null) {
            return inet.getHostString();
        }
        return address instanceof Inet6Address ? TrustedProxies.fromInet(address).toCanonicalString() : address.getHostAddress();
    }
}

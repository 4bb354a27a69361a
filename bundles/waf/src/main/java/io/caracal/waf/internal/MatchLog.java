package io.caracal.waf.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.caracal.waf.internal.body.ByteStrings;
import io.caracal.waf.internal.engine.MatchEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WAF match log: one JSON object per line for every logged rule match, on the logger
 * {@value #LOGGER} (the distribution writes it to {@code logs/waf.log}). Matched values are shown
 * as UTF-8 text and truncated; the fields are stable for tools and tests to read.
 */
final class MatchLog {

    static final String LOGGER = "io.caracal.waf.match";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final JsonFactory JSON = new JsonFactory();

    private MatchLog() {
    }

    /** What the filter did with the request a match belongs to. */
    enum Action { MATCHED, BLOCKED, DETECTED }

    record RequestFacts(String requestId, String filter, String route, String client, String method, String uri) {
    }

    static boolean enabled() {
        return LOG.isInfoEnabled();
    }

    static void write(RequestFacts request, MatchEvent event, Action action, String anomalyScore) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        StringWriter text = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("time", Instant.now().toString());
            json.writeStringField("requestId", request.requestId());
            json.writeStringField("filter", request.filter());
            json.writeStringField("route", request.route());
            json.writeStringField("client", request.client());
            json.writeStringField("method", request.method());
            json.writeStringField("uri", ByteStrings.readable(truncate(request.uri())));
            json.writeNumberField("ruleId", event.ruleId());
            json.writeNumberField("phase", event.phase());
            if (event.severity() != null) {
                json.writeStringField("severity", event.severity());
            }
            json.writeStringField("message", ByteStrings.readable(event.message()));
            if (event.data() != null && !event.data().isEmpty()) {
                json.writeStringField("data", ByteStrings.readable(event.data()));
            }
            if (event.variable() != null) {
                json.writeStringField("variable", ByteStrings.readable(event.variable()));
                json.writeStringField("value", ByteStrings.readable(event.value()));
            }
            json.writeArrayFieldStart("tags");
            for (String tag : event.tags()) {
                json.writeString(tag);
            }
            json.writeEndArray();
            json.writeStringField("action", action.name().toLowerCase(java.util.Locale.ROOT));
            if (anomalyScore != null) {
                json.writeStringField("anomalyScore", anomalyScore);
            }
            json.writeEndObject();
        } catch (IOException e) {
            LOG.warn("Could not write a WAF match for request {}", request.requestId(), e);
            return;
        }
        LOG.info(text.toString());
    }

    private static String truncate(String uri) {
        return uri.length() <= 512 ? uri : uri.substring(0, 512) + "…";
    }
}

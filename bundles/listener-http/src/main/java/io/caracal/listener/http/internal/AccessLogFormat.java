package io.caracal.listener.http.internal;

import java.util.Locale;

import io.caracal.api.config.ConfigReader;

/** What a listener writes to its access log ({@code access.log}). */
enum AccessLogFormat {

    /** NCSA combined, as Apache httpd and nginx write it by default. */
    COMBINED,
    /** One JSON object per line, for log shippers. */
    JSON,
    /** No access log. */
    OFF;

    static AccessLogFormat parse(ConfigReader config, String key) {
        String text = config.string(key, "combined");
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "combined" -> COMBINED;
            case "json" -> JSON;
            case "off", "false", "none" -> OFF;
            default -> throw config.error(key, "'" + text + "' is not combined, json or off");
        };
    }
}

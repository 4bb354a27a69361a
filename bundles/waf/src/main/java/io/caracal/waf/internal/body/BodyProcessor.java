package io.caracal.waf.internal.body;

import java.util.Locale;

/** Request body processors; {@link #name()} is the REQBODY_PROCESSOR value. */
public enum BodyProcessor {
    URLENCODED, MULTIPART, JSON, XML;

    /**
     * The processor a Content-Type selects, or null for none (the body then stays raw:
     * REQUEST_BODY only).
     * <ul>
     *   <li>URLENCODED and MULTIPART: case-insensitive prefix match on
     *       "application/x-www-form-urlencoded" / "multipart/form-data", as ModSecurity does;</li>
     *   <li>JSON: media type application/json or any "+json" suffix type;</li>
     *   <li>XML: text/xml, application/xml or any "+xml" suffix type.</li>
     * </ul>
     * ModSecurity itself enables JSON and XML through rules (ctl:requestBodyProcessor);
     * choosing them here by media type gives the same result as the recommended configuration.
     */
    public static BodyProcessor forContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        String value = contentType.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("application/x-www-form-urlencoded")) {
            return URLENCODED;
        }
        if (value.startsWith("multipart/form-data")) {
            return MULTIPART;
        }
        int semicolon = value.indexOf(';');
        String mediaType = (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
        int slash = mediaType.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String type = mediaType.substring(0, slash);
        String subtype = mediaType.substring(slash + 1);
        if (subtype.equals("json") && type.equals("application") || subtype.endsWith("+json")) {
            return JSON;
        }
        if (subtype.equals("xml") && (type.equals("application") || type.equals("text"))
                || subtype.endsWith("+xml")) {
            return XML;
        }
        return null;
    }
}

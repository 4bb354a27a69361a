package io.caracal.waf.crs.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.caracal.waf.internal.engine.RequestData;

/**
 * Where a corpus line puts its payload in a request. Each placement builds an ordinary browser
 * or API request around the payload, so the payload is what the application would receive.
 */
enum Placement {
    /** A query argument value, form-encoded: {@code /search?q=PAYLOAD&page=2}. */
    QUERY {
        @Override
        RequestData request(String payload, String headerName) {
            return CrsFixture.get("/search?q=" + encode(payload) + "&page=2");
        }
    },
    /** A query argument name. */
    QUERY_NAME {
        @Override
        RequestData request(String payload, String headerName) {
            return CrsFixture.get("/search?" + encode(payload) + "=1&page=2");
        }
    },
    /** The query argument value exactly as written (already encoded by the attacker). */
    RAW_QUERY {
        @Override
        RequestData request(String payload, String headerName) {
            return CrsFixture.get("/search?q=" + payload);
        }
    },
    /** The request path exactly as written. */
    PATH {
        @Override
        RequestData request(String payload, String headerName) {
            return CrsFixture.get(payload);
        }
    },
    /** A field of a URL-encoded form post. */
    FORM {
        @Override
        RequestData request(String payload, String headerName) {
            return CrsFixture.post("/contact", "application/x-www-form-urlencoded",
                    "name=Alice+Martin&email=alice%40example.com&message=" + encode(payload) + "&send=Send");
        }
    },
    /** A string member of a nested JSON document. */
    JSON {
        @Override
        RequestData request(String payload, String headerName) {
            return CrsFixture.post("/api/v1/comments", "application/json",
                    "{\"author\":{\"id\":42,\"name\":\"alice\"},\"body\":" + jsonString(payload) + ",\"tags\":[\"news\"]}",
                    "Accept", "application/json");
        }
    },
    /** The JSON document exactly as written. */
    RAW_JSON {
        @Override
        RequestData request(String payload, String headerName) {
            return CrsFixture.post("/api/v1/login", "application/json", payload, "Accept", "application/json");
        }
    },
    /** A text field of a multipart form, next to a small file. */
    MULTIPART {
        @Override
        RequestData request(String payload, String headerName) {
            return CrsFixture.post("/profile", "multipart/form-data; boundary=" + BOUNDARY,
                    part("name=\"display_name\"", "Alice") + part("name=\"bio\"", payload)
                            + part("name=\"avatar\"; filename=\"notes.txt\"\r\nContent-Type: text/plain", "hello")
                            + "--" + BOUNDARY + "--\r\n");
        }
    },
    /** The file name of an uploaded file. */
    UPLOAD_NAME {
        @Override
        RequestData request(String payload, String headerName) {
            return CrsFixture.post("/upload", "multipart/form-data; boundary=" + BOUNDARY,
                    part("name=\"file\"; filename=\"" + payload + "\"\r\nContent-Type: application/octet-stream", "data")
                            + "--" + BOUNDARY + "--\r\n");
        }
    },
    /** The text of an element of an XML document. */
    XML {
        @Override
        RequestData request(String payload, String headerName) {
            return CrsFixture.post("/api/orders", "application/xml",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><order id=\"7\"><item sku=\"A-1\">2</item><note>"
                            + xmlText(payload) + "</note></order>");
        }
    },
    /** The XML document exactly as written. */
    RAW_XML {
        @Override
        RequestData request(String payload, String headerName) {
            return CrsFixture.post("/api/orders", "application/xml", payload);
        }
    },
    /** A cookie value, next to a session cookie; a ';' is sent as %3B, as it cannot be part of a cookie. */
    COOKIE {
        @Override
        RequestData request(String payload, String headerName) {
            return CrsFixture.get("/account", "Cookie", "sid=8f14e45fceea167a5a36dedd4bea2543; prefs="
                    + payload.replace(";", "%3B"));
        }
    },
    /** The User-Agent header. */
    UA {
        @Override
        RequestData request(String payload, String headerName) {
            return CrsFixture.get("/", "User-Agent", payload);
        }
    },
    /** The Referer header. */
    REFERER {
        @Override
        RequestData request(String payload, String headerName) {
            return CrsFixture.get("/products", "Referer", payload);
        }
    },
    /** Any header, named after the colon: {@code header:X-Forwarded-For}. */
    HEADER {
        @Override
        RequestData request(String payload, String headerName) {
            return CrsFixture.get("/", headerName, payload);
        }
    };

    static final String BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

    abstract RequestData request(String payload, String headerName);

    /** Reads a placement token: {@code query}, {@code raw-query}, {@code header:X-Api-Key} … */
    static Placement of(String token) {
        String name = token.contains(":") ? token.substring(0, token.indexOf(':')) : token;
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static String part(String disposition, String content) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; " + disposition + "\r\n\r\n" + content + "\r\n";
    }

    static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String xmlText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

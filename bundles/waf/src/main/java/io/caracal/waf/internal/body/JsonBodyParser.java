package io.caracal.waf.internal.body;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The JSON request body processor, naming arguments like libmodsecurity (v3):
 * <ul>
 *   <li>the top level is "json"; an object member adds "." + key ({"a":{"b":1}} gives
 *       json.a.b); an array element adds ".array_" + index ({"l":[7]} gives json.l.array_0,
 *       [7] gives json.array_0, [[7]] gives json.array_0.array_0); a scalar document is "json";
 *       an empty key is named "empty-key";</li>
 *   <li>values: strings unescaped and UTF-8 encoded (\u00e9 becomes the bytes C3 A9), numbers
 *       exactly as written, true/false, null as "" ; empty objects and arrays add nothing.</li>
 * </ul>
 * Malformed JSON (including invalid UTF-8, comments, trailing content after the value) is an
 * error; arguments read before the error are kept. Nesting deeper than
 * {@link Limits#jsonDepth()} and arguments beyond {@link Limits#maxArgs()} are errors that stop
 * parsing. A truncated body ({@code complete == false}) ends quietly where the data ends.
 */
final class JsonBodyParser {
    private static final String ROOT_NAME = "json";
    private static final String EMPTY_KEY_NAME = "empty-key";

    private final Limits limits;
    private final ArgList args;
    private final Deque<Container> containers = new ArrayDeque<>();
    private String currentKey = "";
    private String error;

    private JsonBodyParser(Limits limits) {
        this.limits = limits;
        this.args = new ArgList(limits.maxArgs());
    }

    static ParsedBody parse(byte[] body, boolean complete, Limits limits) {
        JsonBodyParser parser = new JsonBodyParser(limits);
        parser.run(body, complete);
        boolean failed = parser.error != null;
        return new ParsedBody(BodyProcessor.JSON.name(), parser.args.toList(), failed,
                failed ? parser.error : "", false, parser.args.limitExceeded(), MultipartData.EMPTY, XmlData.EMPTY);
    }

    private void run(byte[] body, boolean complete) {
        try (JsonParser parser = factory().createParser(body)) {
            boolean sawValue = false;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (sawValue && containers.isEmpty()) {
                    error = "JSON parsing error: trailing garbage";
                    return;
                }
                sawValue = true;
                if (!handle(token, parser)) {
                    return;
                }
            }
            if (!sawValue && complete) {
                error = "JSON parsing error: no JSON value in body";
            }
        } catch (JsonEOFException truncated) {
            if (complete) {
                error = "JSON parsing error: " + truncated.getOriginalMessage();
            }
        } catch (JsonProcessingException malformed) {
            if (complete || !atEnd(malformed, body.length)) {
                error = "JSON parsing error: " + malformed.getOriginalMessage();
            }
        } catch (IOException unexpected) {
            error = "JSON parsing error: " + unexpected.getMessage();
        }
    }

    /** Processes one token; false when parsing must stop. */
    private boolean handle(JsonToken token, JsonParser parser) throws IOException {
        switch (token) {
            case FIELD_NAME:
                currentKey = ByteStrings.fromText(parser.currentName());
                return true;
            case START_OBJECT:
            case START_ARRAY:
                if (containers.size() >= limits.jsonDepth()) {
                    error = "JSON parsing error: JSON depth limit exceeded (" + limits.jsonDepth() + ")";
                    return false;
                }
                containers.addLast(new Container(takeKey(), token == JsonToken.START_ARRAY));
                return true;
            case END_OBJECT:
            case END_ARRAY:
                containers.removeLast();
                countElementOfParentArray();
                return true;
            case VALUE_STRING:
                return addArgument(ByteStrings.fromText(parser.getText()));
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return addArgument(parser.getText()); // as written, not re-formatted
            case VALUE_TRUE:
                return addArgument("true");
            case VALUE_FALSE:
                return addArgument("false");
            case VALUE_NULL:
                return addArgument("");
            default:
                return true; // embedded objects and the like do not occur in text JSON
        }
    }

    private boolean addArgument(String value) {
        StringBuilder name = new StringBuilder();
        for (Container container : containers) {
            name.append(container.name);
            name.append(container.isArray ? ".array_" + container.elements : ".");
        }
        if (containers.isEmpty() || !containers.getLast().isArray) {
            name.append(takeKey());
        }
        countElementOfParentArray();
        if (!args.add(name.toString(), value)) {
            error = ArgList.limitMessage(limits.maxArgs());
            return false;
        }
        return true;
    }

    /** The name the next value or container gets from its key; the key is used up. */
    private String takeKey() {
        if (containers.isEmpty()) {
            return ROOT_NAME;
        }
        if (currentKey.isEmpty()) {
            return containers.getLast().isArray ? "" : EMPTY_KEY_NAME;
        }
        String key = currentKey;
        currentKey = "";
        return key;
    }

    private void countElementOfParentArray() {
        if (!containers.isEmpty() && containers.getLast().isArray) {
            containers.getLast().elements++;
        }
    }

    /** An error reported at the very end of a truncated body is the truncation itself. */
    private static boolean atEnd(JsonProcessingException e, int length) {
        return e.getLocation() != null && e.getLocation().getByteOffset() >= length;
    }

    private JsonFactory factory() {
        FactoryForDepth cached = factoryCache;
        if (cached == null || cached.depth != limits.jsonDepth()) {
            cached = new FactoryForDepth(limits.jsonDepth(), newFactory(limits.jsonDepth()));
            factoryCache = cached;
        }
        return cached.factory;
    }

    private static JsonFactory newFactory(int jsonDepth) {
        // our own depth check must report first; Jackson's text limits must never cut a value
        // (the proxy already bounds the body)
        int depth = jsonDepth == Integer.MAX_VALUE ? Integer.MAX_VALUE : jsonDepth + 1;
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(depth)
                        .maxStringLength(Integer.MAX_VALUE)
                        .maxNumberLength(Integer.MAX_VALUE)
                        .maxNameLength(Integer.MAX_VALUE)
                        .build())
                // keys are attacker-chosen: keep them out of the JVM's string pool. Canonicalizing
                // stays on, as only the byte-level parser it brings rejects invalid UTF-8.
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .build();
    }

    /** JsonFactory is thread-safe and costly enough to share between requests. */
    private record FactoryForDepth(int depth, JsonFactory factory) {
    }

    private static volatile FactoryForDepth factoryCache;

    private static final class Container {
        final String name;
        final boolean isArray;
        int elements;

        Container(String name, boolean isArray) {
            this.name = name;
            this.isArray = isArray;
        }
    }
}

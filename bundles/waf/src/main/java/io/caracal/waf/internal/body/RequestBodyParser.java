package io.caracal.waf.internal.body;

/**
 * Entry point for request bodies: picks the processor from the Content-Type (see
 * {@link BodyProcessor#forContentType}) and turns the body into ModSecurity's variables.
 * <p>
 * {@code complete} says whether {@code body} is the whole body or only the part the proxy
 * buffered. A truncated body is parsed as far as it goes and never gets an error only because
 * it ends early; malformed data before the cut is still an error.
 * <p>
 * An empty body yields the processor name and nothing else, as ModSecurity does not run a
 * processor over an empty body.
 */
public final class RequestBodyParser {
    private RequestBodyParser() {
    }

    public static ParsedBody parse(String contentType, byte[] body, boolean complete, Limits limits) {
        BodyProcessor processor = BodyProcessor.forContentType(contentType);
        return processor == null ? ParsedBody.unprocessed() : parseAs(processor, contentType, body, complete, limits);
    }

    /**
     * Runs the given processor whatever the Content-Type says, as {@code ctl:requestBodyProcessor}
     * does (CRS forces URLENCODED this way). MULTIPART still needs the boundary from
     * {@code contentType}.
     */
    public static ParsedBody parseAs(BodyProcessor processor, String contentType, byte[] body, boolean complete,
                                     Limits limits) {
        byte[] bytes = body == null ? new byte[0] : body;
        Limits bounds = limits == null ? Limits.DEFAULT : limits;
        if (bytes.length == 0) {
            return ParsedBody.empty(processor);
        }
        switch (processor) {
            case URLENCODED:
                return parseUrlEncoded(bytes, bounds);
            case MULTIPART:
                return MultipartParser.parse(contentType, bytes, complete, bounds);
            case JSON:
                return JsonBodyParser.parse(bytes, complete, bounds);
            case XML:
                return XmlBodyParser.parse(bytes, complete, bounds);
            default:
                throw new IllegalArgumentException("unknown processor " + processor);
        }
    }

    private static ParsedBody parseUrlEncoded(byte[] body, Limits limits) {
        UrlEncodedParser.Result result = UrlEncodedParser.parse(ByteStrings.of(body),
                UrlEncodedParser.DEFAULT_SEPARATOR, limits.maxArgs());
        boolean failed = result.limitExceeded();
        return new ParsedBody(BodyProcessor.URLENCODED.name(), result.args(), failed,
                failed ? ArgList.limitMessage(limits.maxArgs()) : "", result.invalidEncoding(),
                result.limitExceeded(), MultipartData.EMPTY, XmlData.EMPTY);
    }
}

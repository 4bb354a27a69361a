package io.caracal.waf.internal.body;

import java.util.List;
import java.util.Objects;

/**
 * The variables a request body processor produces. Strings are byte strings.
 *
 * @param processor         REQBODY_PROCESSOR ("URLENCODED", "MULTIPART", "JSON", "XML"), or null
 *                          when no processor applies and only REQUEST_BODY exists
 * @param args              ARGS_POST, in body order
 * @param error             REQBODY_ERROR (and REQBODY_PROCESSOR_ERROR)
 * @param errorMessage      REQBODY_ERROR_MSG; "" when there is no error
 * @param urlEncodedError   URLENCODED_ERROR: an invalid %-escape in a URLENCODED body
 * @param argsLimitExceeded arguments were dropped at {@link Limits#maxArgs()}; also an error
 * @param multipart         MULTIPART details; {@link MultipartData#EMPTY} for other processors
 * @param xml               XML details; {@link XmlData#EMPTY} for other processors
 */
public record ParsedBody(String processor, List<Arg> args, boolean error, String errorMessage,
                         boolean urlEncodedError, boolean argsLimitExceeded,
                         MultipartData multipart, XmlData xml) {

    public ParsedBody {
        args = List.copyOf(args);
        Objects.requireNonNull(errorMessage, "errorMessage");
        Objects.requireNonNull(multipart, "multipart");
        Objects.requireNonNull(xml, "xml");
    }

    /** The result for a body that no processor handles. */
    public static ParsedBody unprocessed() {
        return new ParsedBody(null, List.of(), false, "", false, false, MultipartData.EMPTY, XmlData.EMPTY);
    }

    /** The result of a processor that ran over an empty body: nothing to report. */
    static ParsedBody empty(BodyProcessor processor) {
        return new ParsedBody(processor.name(), List.of(), false, "", false, false, MultipartData.EMPTY, XmlData.EMPTY);
    }

    public List<FilePart> files() {
        return multipart.files();
    }

    /** Values selected by {@code XML:/*} and {@code XML://@*}; see {@link XmlData#values()}. */
    public List<String> xmlValues() {
        return xml.values();
    }
}

package io.caracal.waf.internal.body;

import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The XML request body processor, built on the JDK's StAX parser with everything that could
 * reach outside the body switched off: a DOCTYPE is an error ("DTD not allowed") and is never
 * processed, external entities and DTDs cannot be fetched, and undeclared entities are errors.
 * Predefined entities (&amp;lt;) and character references (&amp;#65;) are decoded as XML
 * requires.
 * <p>
 * It collects what CRS reads through {@code XML:/*} (the root element's text content) and
 * {@code XML://@*} (attribute values); see {@link XmlData}. Values read before a
 * well-formedness error are kept. Elements nested deeper than {@link Limits#xmlDepth()} are an
 * error. A truncated body ({@code complete == false}) gets no error for ending early: an error
 * located at the very end of the data, inside the root element, is taken as the cut.
 */
final class XmlBodyParser {
    private static final String DTD_NOT_ALLOWED = "XML parsing error: DTD not allowed";
    private static final String UTF8_BOM = "\u00ef\u00bb\u00bf"; // as read through ISO-8859-1

    private final Limits limits;
    private final StringBuilder rootText = new StringBuilder();
    private final List<String> attributeValues = new ArrayList<>();
    private int depth;
    private boolean rootStarted;
    private boolean rootClosed;
    private String encoding;
    private String error;

    private XmlBodyParser(Limits limits) {
        this.limits = limits;
    }

    static ParsedBody parse(byte[] body, boolean complete, Limits limits) {
        XmlBodyParser parser = new XmlBodyParser(limits);
        parser.run(complete ? body : withoutCutCharacter(body), complete);
        boolean failed = parser.error != null;
        XmlData xml = new XmlData(parser.rootStarted ? ByteStrings.fromText(parser.rootText.toString()) : null,
                parser.attributeValues);
        return new ParsedBody(BodyProcessor.XML.name(), List.of(), failed, failed ? parser.error : "",
                false, false, MultipartData.EMPTY, xml);
    }

    private void run(byte[] input, boolean complete) {
        if (prologHasDoctype(input)) {
            // refused before the parser sees it: the JDK's DTD scanner even prints to stderr
            // on some malformed DOCTYPEs, which a client must not be able to trigger
            error = DTD_NOT_ALLOWED;
            return;
        }
        XMLStreamReader reader = null;
        try {
            reader = newFactory().createXMLStreamReader(new ByteArrayInputStream(input));
            encoding = reader.getEncoding();
            while (reader.hasNext() && error == null) {
                handle(reader.next(), reader);
            }
        } catch (XMLStreamException e) {
            onParseError(e, input, complete);
        } finally {
            close(reader);
        }
    }

    private void handle(int event, XMLStreamReader reader) {
        switch (event) {
            case XMLStreamConstants.DTD: // not reached past prologHasDoctype; kept as a safety net
                error = DTD_NOT_ALLOWED;
                break;
            case XMLStreamConstants.START_ELEMENT:
                depth++;
                if (depth > limits.xmlDepth()) {
                    error = "XML parsing error: XML depth limit exceeded (" + limits.xmlDepth() + ")";
                    return;
                }
                rootStarted = true;
                for (int i = 0; i < reader.getAttributeCount(); i++) {
                    attributeValues.add(ByteStrings.fromText(reader.getAttributeValue(i)));
                }
                break;
            case XMLStreamConstants.END_ELEMENT:
                depth--;
                rootClosed = depth == 0;
                break;
            case XMLStreamConstants.CHARACTERS:
            case XMLStreamConstants.CDATA:
            case XMLStreamConstants.SPACE:
                if (depth > 0) {
                    rootText.append(reader.getText());
                }
                break;
            default:
                break; // comments, processing instructions, document start/end
        }
    }

    private void onParseError(XMLStreamException e, byte[] input, boolean complete) {
        if (complete || rootClosed || !isAtEnd(e.getLocation(), input)) {
            error = "XML parsing error: " + describe(e);
        }
        // otherwise the data simply stops: that is the truncation, not a malformed document
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory(); // the JDK's, whatever the classpath holds
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are not allowed: " + systemId);
        });
        return factory;
    }

    /**
     * Whether a DOCTYPE follows the XML declaration, processing instructions and comments that
     * may precede it. A DOCTYPE anywhere else is not one, and the parser rejects it as such.
     */
    static boolean prologHasDoctype(byte[] input) {
        String text = new String(input, prologCharset(input));
        int at = text.startsWith(UTF8_BOM) ? UTF8_BOM.length() : 0;
        while (true) {
            while (at < text.length() && (Character.isWhitespace(text.charAt(at)) || text.charAt(at) == '\uFEFF')) {
                at++;
            }
            if (text.startsWith("<?", at)) {
                at = skipPast(text, "?>", at + 2);
            } else if (text.startsWith("<!--", at)) {
                at = skipPast(text, "-->", at + 4);
            } else {
                return text.startsWith("<!DOCTYPE", at) || isCutDoctype(text, at);
            }
            if (at < 0) {
                return false;
            }
        }
    }

    /** Enough of an encoding guess to read the ASCII markup of the prolog. */
    private static Charset prologCharset(byte[] input) {
        if (!looksLikeUtf16(input)) {
            return StandardCharsets.ISO_8859_1;
        }
        if ((input[0] & 0xff) >= 0xfe) {
            return StandardCharsets.UTF_16; // the BOM tells the byte order
        }
        return input[0] == 0 ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE;
    }

    /** A truncated body may end inside the keyword itself. */
    private static boolean isCutDoctype(String text, int at) {
        return at + 3 <= text.length() && "<!DOCTYPE".startsWith(text.substring(at));
    }

    private static int skipPast(String text, String end, int from) {
        int found = text.indexOf(end, from);
        return found < 0 ? -1 : found + end.length();
    }

    /** A BOM or a zero byte among the first two means UTF-16; XML bodies are otherwise ASCII-compatible. */
    private static boolean looksLikeUtf16(byte[] input) {
        return input.length >= 2 && (input[0] == 0 || input[1] == 0 || (input[0] & 0xff) >= 0xfe);
    }

    /** Whether the parser stopped at (or past) the last character of the input. */
    private boolean isAtEnd(Location location, byte[] input) {
        if (location == null || location.getLineNumber() < 0) {
            return false;
        }
        Charset charset;
        try {
            charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        } catch (IllegalArgumentException unknown) {
            return false;
        }
        String text = new String(input, charset);
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                column = 1;
            } else if (c != '\r') {
                column++;
            }
        }
        return location.getLineNumber() > line
                || (location.getLineNumber() == line && location.getColumnNumber() >= column);
    }

    private static String describe(XMLStreamException e) {
        String message = e.getMessage() == null ? "malformed document" : e.getMessage();
        int at = message.indexOf("Message: ");
        if (at >= 0) {
            message = message.substring(at + "Message: ".length());
        }
        Location location = e.getLocation();
        if (location != null && location.getLineNumber() >= 0) {
            message += " (line " + location.getLineNumber() + ", column " + location.getColumnNumber() + ")";
        }
        return message.replace('\n', ' ');
    }

    /**
     * Drops a UTF-8 sequence cut in the middle at the end of a truncated body, which the parser
     * would otherwise report as an encoding error. UTF-16 input is left alone.
     */
    static byte[] withoutCutCharacter(byte[] body) {
        int length = body.length;
        if (looksLikeUtf16(body)) {
            return body;
        }
        for (int back = 1; back <= Math.min(3, length); back++) {
            int b = body[length - back] & 0xff;
            if ((b & 0xc0) == 0x80) {
                continue; // continuation byte: keep looking for the lead byte
            }
            int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            return needed > back ? Arrays.copyOf(body, length - back) : body;
        }
        return body;
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing to release beyond the in-memory input
            }
        }
    }
}

package io.caracal.waf.internal.body;

import java.util.ArrayList;
import java.util.List;

/**
 * What the XML processor exposes for the two XPath expressions CRS uses. Byte strings, UTF-8.
 *
 * @param rootText        {@code XML:/*}: the text content of the root element, i.e. all character
 *                        data and CDATA below it concatenated in document order (whitespace
 *                        included, comments and processing instructions excluded), as libxml2's
 *                        xmlNodeGetContent gives it; null when no root element was reached
 * @param attributeValues {@code XML://@*}: the value of every attribute in document order
 *                        (namespace declarations are not attributes in XPath, so not included)
 */
public record XmlData(String rootText, List<String> attributeValues) {

    public static final XmlData EMPTY = new XmlData(null, List.of());

    public XmlData {
        attributeValues = List.copyOf(attributeValues);
    }

    /** Every value of {@code XML:/*} and {@code XML://@*}, in XPath document order. */
    public List<String> values() {
        List<String> values = new ArrayList<>(attributeValues.size() + 1);
        if (rootText != null) {
            values.add(rootText);
        }
        values.addAll(attributeValues);
        return List.copyOf(values);
    }
}

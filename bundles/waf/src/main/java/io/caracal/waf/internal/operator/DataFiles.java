package io.caracal.waf.internal.operator;

import java.io.IOException;
import java.util.List;

/**
 * Reads the data files named by {@code @pmFromFile} and {@code @ipMatchFromFile}. The engine
 * resolves names relative to the rule file and returns the raw lines as byte strings
 * (ISO-8859-1 view); the operators drop comments and blank lines and trim.
 */
@FunctionalInterface
public interface DataFiles {

    List<String> lines(String fileName) throws IOException;
}

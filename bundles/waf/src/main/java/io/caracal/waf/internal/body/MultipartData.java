package io.caracal.waf.internal.body;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the MULTIPART processor exposes besides ARGS_POST. All strings are byte strings.
 *
 * @param files       file parts in body order (FILES, FILES_NAMES, FILES_SIZES, FILES_TMP_CONTENT)
 * @param partHeaders MULTIPART_PART_HEADERS: name = the part's name, value = a whole header line
 *                    ("Content-Type: text/plain") without its line ending; a folded header is
 *                    one line, its continuations joined by a single space
 * @param names       MULTIPART_NAME: every name parameter seen in a Content-Disposition header
 * @param fileNames   MULTIPART_FILENAME: every filename parameter seen
 * @param flags       MULTIPART_* flag variables (see {@link MultipartFlag}) with 0/1 values, in a
 *                    stable order starting with MULTIPART_STRICT_ERROR; empty when no multipart
 *                    processing took place
 */
public record MultipartData(List<FilePart> files, List<Arg> partHeaders, List<String> names,
                            List<String> fileNames, Map<String, Integer> flags) {

    public static final MultipartData EMPTY = new MultipartData(List.of(), List.of(), List.of(), List.of(), Map.of());

    public MultipartData {
        files = List.copyOf(files);
        partHeaders = List.copyOf(partHeaders);
        names = List.copyOf(names);
        fileNames = List.copyOf(fileNames);
        flags = Collections.unmodifiableMap(new LinkedHashMap<>(flags)); // keeps the documented order
    }

    /** FILES_COMBINED_SIZE. */
    public long filesCombinedSize() {
        long total = 0;
        for (FilePart file : files) {
            total += file.size();
        }
        return total;
    }

    /** The value of one flag variable, 0 when absent. */
    public int flag(String variableName) {
        return flags.getOrDefault(variableName, 0);
    }
}

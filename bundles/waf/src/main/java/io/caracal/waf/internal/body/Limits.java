package io.caracal.waf.internal.body;

/**
 * Bounds applied while parsing. Defaults follow ModSecurity's defaults where one exists.
 *
 * @param maxArgs          most arguments a parse may produce (SecArgumentsLimit, default 1000).
 *                         ModSecurity counts ARGS_GET and ARGS_POST together: pass
 *                         {@code maxArgs - argsGet.size()} to reproduce that. 0 allows none.
 * @param jsonDepth        deepest allowed JSON nesting (SecRequestBodyJsonDepthLimit); default 512
 * @param xmlDepth         deepest allowed XML element nesting; default 256 (libxml2's default)
 * @param maxFiles         file parts after which MULTIPART_FILE_LIMIT_EXCEEDED is raised
 *                         (SecUploadFileLimit, default 100)
 * @param maxFileBytesKept bytes of each uploaded file's content kept in {@link FilePart#content()};
 *                         sizes are always counted in full. Default 65536
 */
public record Limits(int maxArgs, int jsonDepth, int xmlDepth, int maxFiles, int maxFileBytesKept) {

    public static final Limits DEFAULT = new Limits(1000, 512, 256, 100, 64 * 1024);

    public Limits {
        requireAtLeast("maxArgs", maxArgs, 0);
        requireAtLeast("jsonDepth", jsonDepth, 1);
        requireAtLeast("xmlDepth", xmlDepth, 1);
        requireAtLeast("maxFiles", maxFiles, 0);
        requireAtLeast("maxFileBytesKept", maxFileBytesKept, 0);
    }

    public Limits withMaxArgs(int value) {
        return new Limits(value, jsonDepth, xmlDepth, maxFiles, maxFileBytesKept);
    }

    public Limits withJsonDepth(int value) {
        return new Limits(maxArgs, value, xmlDepth, maxFiles, maxFileBytesKept);
    }

    public Limits withXmlDepth(int value) {
        return new Limits(maxArgs, jsonDepth, value, maxFiles, maxFileBytesKept);
    }

    public Limits withMaxFiles(int value) {
        return new Limits(maxArgs, jsonDepth, xmlDepth, value, maxFileBytesKept);
    }

    public Limits withMaxFileBytesKept(int value) {
        return new Limits(maxArgs, jsonDepth, xmlDepth, maxFiles, value);
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
        }
    }
}

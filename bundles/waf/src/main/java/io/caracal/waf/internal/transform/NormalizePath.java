package io.caracal.waf.internal.transform;

import java.util.ArrayList;
import java.util.List;

/**
 * t:normalizePath (and, with backslashes first turned into slashes, t:normalizePathWin): removes
 * "." segments and repeated slashes and resolves ".." against the preceding segment. An absolute
 * path cannot climb above "/"; a relative one keeps its leading "..". A trailing slash is kept.
 */
enum NormalizePath implements Transformation {
    UNIX(false),
    WINDOWS(true);

    private final boolean backslashIsSeparator;

    NormalizePath(boolean backslashIsSeparator) {
        this.backslashIsSeparator = backslashIsSeparator;
    }

    @Override
    public String apply(String input) {
        String path = backslashIsSeparator ? input.replace('\\', '/') : input;
        // Nothing to resolve: one segment other than ".", or no dot segment and no empty one.
        boolean normal = path.indexOf('/') < 0 ? !path.equals(".") : path.indexOf('.') < 0 && !path.contains("//");
        return normal ? path : rewrite(input);
    }

    /** The whole transformation, with no shortcut (package-private for the tests that check the shortcut). */
    String rewrite(String input) {
        String path = backslashIsSeparator ? input.replace('\\', '/') : input;
        if (path.isEmpty()) {
            return input;
        }
        boolean absolute = path.charAt(0) == '/';
        boolean trailingSlash = path.charAt(path.length() - 1) == '/';
        List<String> segments = new ArrayList<>();
        int start = 0;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            addSegment(segments, path.substring(start, end), absolute);
            start = end + 1;
        }
        StringBuilder out = new StringBuilder(path.length());
        if (absolute) {
            out.append('/');
        }
        out.append(String.join("/", segments));
        if (trailingSlash && !segments.isEmpty()) {
            out.append('/');
        }
        return ByteChars.sameOrNew(input, out);
    }

    private static void addSegment(List<String> segments, String segment, boolean absolute) {
        if (segment.isEmpty() || segment.equals(".")) {
            return;
        }
        if (!segment.equals("..")) {
            segments.add(segment);
            return;
        }
        if (!segments.isEmpty() && !segments.get(segments.size() - 1).equals("..")) {
            segments.remove(segments.size() - 1);
        } else if (!absolute) {
            segments.add(segment);
        }
    }
}

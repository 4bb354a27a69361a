package io.caracal.waf.internal.engine;

/**
 * The path variables as ModSecurity presents them: REQUEST_FILENAME is the path with its
 * percent-escapes decoded (libmodsecurity decodes it; ModSecurity 2 on Apache sees it decoded
 * from phase 2 on, after the server unescaped it in place), and REQUEST_BASENAME is what follows
 * its last '/' or '\'. REQUEST_URI keeps the escapes.
 */
final class RequestPath {

    private RequestPath() {
    }

    /** Decodes {@code %HH} escapes; a '%' without two hex digits stays, and '+' is not a space in a path. */
    static String decode(String path) {
        int percent = path.indexOf('%');
        if (percent < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        out.append(path, 0, percent);
        for (int i = percent; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length() && hex(path.charAt(i + 1)) >= 0 && hex(path.charAt(i + 2)) >= 0) {
                out.append((char) (hex(path.charAt(i + 1)) << 4 | hex(path.charAt(i + 2))));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The last segment of a decoded path, after its last '/' or '\'. */
    static String basename(String decodedPath) {
        int cut = Math.max(decodedPath.lastIndexOf('/'), decodedPath.lastIndexOf('\\'));
        return decodedPath.substring(cut + 1);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}

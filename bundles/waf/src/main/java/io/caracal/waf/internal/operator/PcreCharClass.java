package io.caracal.waf.internal.operator;

import java.util.Map;

/**
 * Translates one PCRE character class ({@code [...]}) to Java. In PCRE a '[' inside a class is
 * literal (unless it starts a POSIX class) and "&&" means two ampersands; in Java they nest and
 * intersect. So every literal is emitted escaped, and ranges are rebuilt from parsed endpoints.
 */
final class PcreCharClass {

    private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(
            Map.entry("alnum", "\\p{Alnum}"),
            Map.entry("alpha", "\\p{Alpha}"),
            Map.entry("ascii", "\\x{0}-\\x{7F}"),
            Map.entry("blank", " \\t"),
            Map.entry("cntrl", "\\p{Cntrl}"),
            Map.entry("digit", "0-9"),
            Map.entry("graph", "\\p{Graph}"),
            Map.entry("lower", "\\p{Lower}"),
            Map.entry("print", "\\p{Print}"),
            Map.entry("punct", "\\p{Punct}"),
            Map.entry("space", "\\t-\\r "),
            Map.entry("upper", "\\p{Upper}"),
            Map.entry("word", "\\w"),
            Map.entry("xdigit", "0-9A-Fa-f"));

    private final PcreCursor in;
    private boolean quoting;

    private PcreCharClass(PcreCursor in) {
        this.in = in;
    }

    /** Reads the class starting at the cursor's '[' and returns its Java form. */
    static String translate(PcreCursor in) {
        return new PcreCharClass(in).translate();
    }

    /** If a POSIX class such as [:alpha:] starts at {@code start}, the index after it, else -1. */
    static int posixClassEnd(String src, int start) {
        if (start + 1 >= src.length()) {
            return -1;
        }
        char kind = src.charAt(start + 1);
        if (kind != ':' && kind != '.' && kind != '=') {
            return -1;
        }
        // The same scan as PCRE: an escaped ] or backslash is skipped; a ] or [ + kind ends the attempt.
        for (int i = start + 2; i + 1 < src.length(); i++) {
            char c = src.charAt(i);
            char next = src.charAt(i + 1);
            if (c == '\\' && (next == ']' || next == '\\')) {
                i++;
            } else if ((c == '[' && next == kind) || c == ']') {
                return -1;
            } else if (c == kind && next == ']') {
                return i + 2;
            }
        }
        return -1;
    }

    private String translate() {
        in.pos++;
        StringBuilder java = new StringBuilder("[");
        if (!in.atEnd() && in.peek() == '^') {
            java.append('^');
            in.pos++;
        }
        boolean first = true;
        while (true) {
            if (in.atEnd()) {
                throw in.error("missing terminating ] for character class");
            }
            if (skipQuoteMarkers()) {
                continue;
            }
            if (!quoting && !first && in.peek() == ']') {
                in.pos++;
                return java.append(']').toString();
            }
            first = false;
            Item item = item();
            if (quoting && in.startsWith("\\E")) {
                quoting = false; // so that "\\Qa\\E-z" is the range a-z
                in.pos += 2;
            }
            if (item.isChar() && rangeFollows()) {
                in.pos++;
                skipQuoteMarkers();
                if (in.atEnd()) {
                    throw in.error("missing terminating ] for character class");
                }
                Item end = item();
                if (!end.isChar()) {
                    throw in.error("invalid range in character class");
                }
                if (end.codeUnit < item.codeUnit) {
                    throw in.error("range out of order in character class");
                }
                java.append(literal(item.codeUnit)).append('-').append(literal(end.codeUnit));
            } else {
                java.append(item.isChar() ? literal(item.codeUnit) : item.javaSyntax);
            }
        }
    }

    /** Consumes \Q or \E; returns whether one was there. */
    private boolean skipQuoteMarkers() {
        if (in.startsWith("\\E")) {
            quoting = false;
            in.pos += 2;
            return true;
        }
        if (!quoting && in.startsWith("\\Q")) {
            quoting = true;
            in.pos += 2;
            return true;
        }
        return false;
    }

    private boolean rangeFollows() {
        if (in.pos + 1 >= in.src.length() || in.peek() != '-') {
            return false;
        }
        return quoting || in.src.charAt(in.pos + 1) != ']';
    }

    private Item item() {
        char c = in.peek();
        if (quoting) {
            in.pos++;
            return Item.ofChar(c);
        }
        if (c == '[') {
            int end = posixClassEnd(in.src, in.pos);
            if (end > 0) {
                return posixClass(end);
            }
            in.pos++;
            return Item.ofChar('[');
        }
        if (c != '\\') {
            in.pos++;
            return Item.ofChar(c);
        }
        return escape();
    }

    private Item escape() {
        if (in.pos + 1 >= in.src.length()) {
            throw in.error("\\ at end of pattern");
        }
        char e = in.src.charAt(in.pos + 1);
        in.pos += 2;
        int simple = PcreCursor.simpleEscape(e);
        if (simple >= 0) {
            return Item.ofChar(simple);
        }
        switch (e) {
            case 'b':
                return Item.ofChar(0x08);
            case 'x':
                return Item.ofChar(in.hex());
            case 'o':
                return Item.ofChar(in.braceOctal());
            case 'c':
                return Item.ofChar(in.control());
            case 'd':
            case 'D':
            case 's':
            case 'S':
            case 'w':
            case 'W':
            case 'h':
            case 'H':
            case 'v':
            case 'V':
                return Item.ofSyntax("\\" + e);
            case 'p':
            case 'P':
                return Item.ofSyntax(in.property(e));
            case 'N':
                throw in.error("\\N is not supported in a class");
            case 'L':
            case 'l':
            case 'U':
            case 'u':
                throw in.error("PCRE does not support \\L, \\l, \\N{name}, \\U, or \\u");
            default:
                if (e >= '0' && e <= '7') {
                    in.pos--;
                    return Item.ofChar(in.octal(3)); // in a class, \1-\7 are octal, never back-references
                }
                return Item.ofChar(e); // \8, \9, other letters and punctuation stand for themselves
        }
    }

    private Item posixClass(int end) {
        if (in.src.charAt(in.pos + 1) != ':') {
            throw in.error("POSIX collating elements are not supported");
        }
        String name = in.src.substring(in.pos + 2, end - 2);
        boolean negated = name.startsWith("^");
        String javaSet = POSIX_CLASSES.get(negated ? name.substring(1) : name);
        if (javaSet == null) {
            throw in.error("unknown POSIX class name");
        }
        in.pos = end;
        return Item.ofSyntax(negated ? "[^" + javaSet + "]" : "[" + javaSet + "]");
    }

    private static String literal(int c) {
        return PcreCursor.isAsciiAlnum((char) c) ? String.valueOf((char) c) : PcreCursor.javaCodeUnit(c);
    }

    /** A class member: one code unit, or a ready-made Java set such as \d or [^\p{Alpha}]. */
    private static final class Item {
        final int codeUnit;
        final String javaSyntax;

        private Item(int codeUnit, String javaSyntax) {
            this.codeUnit = codeUnit;
            this.javaSyntax = javaSyntax;
        }

        static Item ofChar(int codeUnit) {
            return new Item(codeUnit, null);
        }

        static Item ofSyntax(String javaSyntax) {
            return new Item(-1, javaSyntax);
        }

        boolean isChar() {
            return javaSyntax == null;
        }
    }
}

package io.caracal.waf.internal.operator;

/** A view of a byte string with ASCII letters lower-cased, built without copying the input. */
final class AsciiLowerCaseView implements CharSequence {

    private final String text;

    AsciiLowerCaseView(String text) {
        this.text = text;
    }

    static char toLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    static String toLower(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            out.append(toLower(s.charAt(i)));
        }
        return out.toString();
    }

    @Override
    public char charAt(int index) {
        return toLower(text.charAt(index));
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toLower(text.substring(start, end));
    }

    @Override
    public String toString() {
        return toLower(text);
    }
}

package dev.sigil.cli.output;

/**
 * Makes text from the server safe to print: control characters (including ANSI escapes) are replaced, so a hostile
 * or broken server cannot rewrite the operator's terminal.
 */
public final class Terminal {

    private static final char REPLACEMENT = '?';

    private Terminal() {
    }

    /** Replaces every control character except tab with {@code ?}; multi-line text becomes one line. */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                sb.append(' ');
            } else if (Character.isISOControl(c) && c != '\t') {
                sb.append(REPLACEMENT);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** As {@link #clean} but keeps line breaks: for multi-line text such as PEM. */
    public static String cleanLines(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (String line : text.split("\r?\n", -1)) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(clean(line));
        }
        return sb.toString();
    }
}

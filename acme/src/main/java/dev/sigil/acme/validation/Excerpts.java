package dev.sigil.acme.validation;

/**
 * Turns what a peer sent into text fit for a problem detail: printable, short, with no line breaks or control
 * characters that could forge log lines or confuse a client's terminal.
 */
final class Excerpts {

    /** How much of a received body or record a problem detail quotes. */
    static final int MAX_QUOTED_CHARS = 128;

    private Excerpts() {
    }

    static String printable(String text, int maxChars) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 3);
        int count = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (count == maxChars) {
                out.append("...");
                break;
            }
            out.appendCodePoint(isShowable(cp) ? cp : '?');
            count++;
        }
        return out.toString();
    }

    static String quoted(String text) {
        return "\"" + printable(text, MAX_QUOTED_CHARS).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static boolean isShowable(int cp) {
        if (cp >= 0x20 && cp < 0x7f) {
            return true;
        }
        int type = Character.getType(cp);
        return cp > 0x9f && type != Character.CONTROL && type != Character.FORMAT && type != Character.SURROGATE
                && type != Character.PRIVATE_USE && type != Character.UNASSIGNED
                && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR;
    }
}

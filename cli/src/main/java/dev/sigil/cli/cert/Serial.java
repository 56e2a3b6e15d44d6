package dev.sigil.cli.cert;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A certificate serial in the API's form: lower-case hex, no leading zeros, no colons.
 * {@link #parse} also accepts what people paste from {@code openssl x509 -serial} or browsers ({@code 5F:0C:2D}).
 *
 * @param hex the normalized serial
 */
public record Serial(String hex) {

    /** RFC 5280 allows serials of up to 20 octets. */
    public static final int MAX_HEX_DIGITS = 40;

    private static final Pattern NORMALIZED = Pattern.compile("[0-9a-f]{1," + MAX_HEX_DIGITS + "}");

    public Serial {
        if (hex == null || !NORMALIZED.matcher(hex).matches() || (hex.length() > 1 && hex.startsWith("0"))) {
            throw new IllegalArgumentException("not a normalized serial: " + hex);
        }
    }

    /** @throws IllegalArgumentException with a message for the user */
    public static Serial parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("serial=")) {
            t = t.substring("serial=".length());
        }
        if (t.startsWith("0x")) {
            t = t.substring(2);
        }
        t = t.replace(":", "").replace(" ", "");
        String stripped = t.replaceFirst("^0+(?=.)", "");
        if (!NORMALIZED.matcher(stripped).matches()) {
            throw new IllegalArgumentException("not a certificate serial: '" + text
                    + "' (expected hex such as 5f0c2d or 5F:0C:2D, at most " + MAX_HEX_DIGITS + " digits)");
        }
        return new Serial(stripped);
    }

    @Override
    public String toString() {
        return hex;
    }
}

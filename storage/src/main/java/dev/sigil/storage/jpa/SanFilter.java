package dev.sigil.storage.jpa;

/**
 * A SAN filter of a certificate search as one SQL condition on {@code certificate_sans}, chosen so that an index
 * serves it whenever the text allows:
 * <ul>
 *   <li>no {@code *}: equality on {@code san_value} (an index lookup);</li>
 *   <li>a literal start ({@code web-*.internal}): LIKE on {@code san_value}, a range of its index;</li>
 *   <li>a literal end ({@code *.ci.internal}): LIKE on {@code san_value_reversed} with the reversed pattern
 *       ({@code lanretni.ic.%}), a range of that column's index: a value matches a pattern exactly when its
 *       reversal matches the pattern's reversal;</li>
 *   <li>{@code *} at both ends: LIKE on {@code san_value}, which no index can narrow (a scan).</li>
 * </ul>
 * {@code *} matches any run of characters, dots included; {@code %} and {@code _} are literal.
 *
 * @param column the entity attribute compared: {@code value} or {@code valueReversed}
 * @param like   whether the comparison is LIKE (with {@link #ESCAPE}) rather than equality
 * @param text   the bound value: the name itself, or the LIKE pattern
 */
record SanFilter(String column, boolean like, String text) {

    /** The LIKE escape character: not a backslash, which MariaDB would read as a string escape. */
    static final char ESCAPE = '!';
    static final char WILDCARD = '*';

    static SanFilter of(String filter) {
        if (filter.indexOf(WILDCARD) < 0) {
            return new SanFilter("value", false, filter);
        }
        boolean literalStart = filter.charAt(0) != WILDCARD;
        boolean literalEnd = filter.charAt(filter.length() - 1) != WILDCARD;
        if (!literalStart && literalEnd) {
            return new SanFilter("valueReversed", true, likePattern(reverse(filter)));
        }
        return new SanFilter("value", true, likePattern(filter));
    }

    /** The HQL condition on the SAN alias {@code s}, comparing with the parameter {@code parameter}. */
    String condition(String parameter) {
        return "s." + column + (like ? " like :" + parameter + " escape '" + ESCAPE + "'" : " = :" + parameter);
    }

    /** The stored reversal of a SAN value: characters in reverse order (SAN values are ASCII in practice). */
    static String reverse(String value) {
        return new StringBuilder(value).reverse().toString();
    }

    private static String likePattern(String glob) {
        StringBuilder sb = new StringBuilder(glob.length() + 4);
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == WILDCARD) {
                if (sb.isEmpty() || sb.charAt(sb.length() - 1) != '%' || endsEscaped(sb)) {
                    sb.append('%'); // a run of * is one %
                }
            } else {
                if (c == '%' || c == '_' || c == ESCAPE) {
                    sb.append(ESCAPE);
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Whether the last character of the pattern so far is an escaped literal (so a % there is not a wildcard). */
    private static boolean endsEscaped(StringBuilder sb) {
        int escapes = 0;
        for (int i = sb.length() - 2; i >= 0 && sb.charAt(i) == ESCAPE; i--) {
            escapes++;
        }
        return escapes % 2 == 1;
    }
}

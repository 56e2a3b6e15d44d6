package dev.sigil.cli.login;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 fingerprint of a certificate (of its DER encoding), as pinned with {@code sigil login --ca-fingerprint}.
 *
 * @param hex 64 lower-case hex digits
 */
public record Fingerprint(String hex) {

    private static final int HEX_DIGITS = 64;

    public Fingerprint {
        if (hex == null || hex.length() != HEX_DIGITS || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)
                || !hex.equals(hex.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("a SHA-256 fingerprint is 64 lower-case hex digits");
        }
    }

    /**
     * Parses what an operator copies: {@code SHA256:HEX}, or the hex alone, with or without colons, in any case (the
     * form {@code sigil-server} prints at start and {@code openssl x509 -fingerprint -sha256} prints).
     */
    public static Fingerprint parse(String text) {
        String t = text == null ? "" : text.strip();
        int colon = t.indexOf(':');
        if (colon > 0 && t.substring(0, colon).replace("-", "").equalsIgnoreCase("sha256")) {
            t = t.substring(colon + 1);
        }
        String digits = t.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
        if (digits.length() != HEX_DIGITS || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("'" + text + "' is not a SHA-256 fingerprint (expected SHA256: and 64 hex"
                    + " digits, colons allowed, e.g. the 'root SHA-256 fingerprint' sigil-server prints at start)");
        }
        return new Fingerprint(digits);
    }

    /** The fingerprint of a certificate. */
    public static Fingerprint of(X509Certificate cert) {
        try {
            return new Fingerprint(HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(cert.getEncoded())));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint " + cert.getSubjectX500Principal(), e);
        }
    }

    /** Whether {@code cert} has this fingerprint. */
    public boolean matches(X509Certificate cert) {
        return MessageDigest.isEqual(hex.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                of(cert).hex().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** {@code AB:CD:...}, as openssl and the server print it. */
    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex));
    }
}

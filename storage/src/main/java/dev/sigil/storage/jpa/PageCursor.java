package dev.sigil.storage.jpa;

import dev.sigil.storage.certificate.CertificateRecord;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The keyset position after the last row of a page: (issuedAt, serial, issuerId), the full sort key
 * (a serial alone is unique only per issuer). Encoded as unpadded base64url so it travels in URLs untouched;
 * its content is not a contract, only a value to hand back.
 */
record PageCursor(long issuedAtMicros, String serial, String issuerId) {

    private static final String VERSION = "c1";
    private static final String SEPARATOR = ":";
    /** Version, issuedAt, serial, issuerId. */
    private static final int PARTS = 4;
    /** Longer than any cursor this class produces; anything bigger is refused before decoding. */
    private static final int MAX_ENCODED_LENGTH = 200;
    private static final String SERIAL = "[0-9a-f]{1," + CertificateRecord.MAX_SERIAL_HEX + "}";
    private static final String ISSUER_ID = "[a-z0-9-]{1," + ColumnLimits.ISSUER_ID + "}";

    String encode() {
        String plain = String.join(SEPARATOR, VERSION, Long.toString(issuedAtMicros), serial, issuerId);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** @throws IllegalArgumentException if the text is not a cursor this class produced */
    static PageCursor decode(String encoded) {
        if (encoded.length() > MAX_ENCODED_LENGTH) {
            throw new IllegalArgumentException("malformed cursor");
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.US_ASCII);
            String[] parts = plain.split(SEPARATOR, -1);
            if (parts.length != PARTS || !parts[0].equals(VERSION) || !parts[2].matches(SERIAL)
                    || !parts[3].matches(ISSUER_ID)) {
                throw new IllegalArgumentException("malformed cursor");
            }
            return new PageCursor(Long.parseLong(parts[1]), parts[2], parts[3]);
        } catch (IllegalArgumentException e) { // also NumberFormatException and bad base64
            throw new IllegalArgumentException("malformed cursor", e);
        }
    }
}

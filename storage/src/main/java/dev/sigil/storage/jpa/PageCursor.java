package dev.sigil.storage.jpa;

import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateSort;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The keyset position after the last row of a page: the order it belongs to and the full sort key of that row
 * (key, serial, issuerId; a serial alone is unique only per issuer, and keys tie). {@code key} is issuedAt or
 * notAfter in microseconds, and 0 for the serial order, whose key is the serial itself. Encoded as unpadded
 * base64url so it travels in URLs untouched; its content is not a contract, only a value to hand back.
 */
record PageCursor(CertificateSort sort, boolean descending, long key, String serial, String issuerId) {

    private static final String VERSION = "c2";
    private static final String SEPARATOR = ":";
    private static final String DESC = "d";
    private static final String ASC = "a";
    /** Version, sort, direction, key, serial, issuerId. */
    private static final int PARTS = 6;
    /** Longer than any cursor this class produces; anything bigger is refused before decoding. */
    private static final int MAX_ENCODED_LENGTH = 200;
    private static final String SERIAL = "[0-9a-f]{1," + CertificateRecord.MAX_SERIAL_HEX + "}";
    private static final String ISSUER_ID = "[a-z0-9-]{1," + ColumnLimits.ISSUER_ID + "}";

    String encode() {
        String plain = String.join(SEPARATOR, VERSION, sort.name().toLowerCase(Locale.ROOT), descending ? DESC : ASC,
                Long.toString(key), serial, issuerId);
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
            if (parts.length != PARTS || !parts[0].equals(VERSION) || !parts[1].matches("[a-z]+")
                    || !(parts[2].equals(DESC) || parts[2].equals(ASC)) || !parts[4].matches(SERIAL)
                    || !parts[5].matches(ISSUER_ID)) {
                throw new IllegalArgumentException("malformed cursor");
            }
            return new PageCursor(CertificateSort.valueOf(parts[1].toUpperCase(Locale.ROOT)), parts[2].equals(DESC),
                    Long.parseLong(parts[3]), parts[4], parts[5]);
        } catch (IllegalArgumentException e) { // also NumberFormatException, bad base64 and an unknown sort
            throw new IllegalArgumentException("malformed cursor", e);
        }
    }
}

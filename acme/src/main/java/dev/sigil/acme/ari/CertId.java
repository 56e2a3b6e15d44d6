package dev.sigil.acme.ari;

import dev.sigil.acme.certificate.CertificateFacts;
import dev.sigil.acme.jws.Base64Url;
import dev.sigil.acme.problem.AcmeProblem;

import java.math.BigInteger;
import java.util.HexFormat;

/**
 * An RFC 9773 §4.1 certificate identifier: base64url(AKI keyIdentifier) "." base64url(serial number DER content
 * octets), no padding.
 *
 * @param keyIdentifier the issuer's key identifier
 * @param serial        the serial number (positive)
 */
public record CertId(byte[] keyIdentifier, BigInteger serial) {

    /** Longest accepted text: a 64-byte key identifier and a 20-byte serial, encoded, with room to spare. */
    public static final int MAX_LENGTH = 200;

    public CertId {
        if (keyIdentifier.length == 0 || serial.signum() <= 0) {
            throw new IllegalArgumentException("a certificate ID needs a key identifier and a positive serial");
        }
    }

    /** Parses the text form; anything else is {@code malformed}. */
    public static CertId parse(String text) {
        int dot = text.indexOf('.');
        if (text.length() > MAX_LENGTH || dot <= 0 || dot != text.lastIndexOf('.') || dot == text.length() - 1) {
            throw AcmeProblem.malformed("certificate ID must be base64url(AKI) \".\" base64url(serial) (RFC 9773)");
        }
        byte[] aki = Base64Url.decode(text.substring(0, dot), "certificate ID key identifier");
        byte[] serialOctets = Base64Url.decode(text.substring(dot + 1), "certificate ID serial");
        if (aki.length == 0 || serialOctets.length == 0 || serialOctets.length > 21) {
            throw AcmeProblem.malformed("certificate ID has an empty key identifier or an invalid serial");
        }
        BigInteger serial = new BigInteger(serialOctets);
        // DER integers are minimal: a leading 0x00 only before a byte with its high bit set.
        boolean minimal = serialOctets.length == 1 || !(serialOctets[0] == 0 && serialOctets[1] >= 0);
        if (serial.signum() <= 0 || !minimal) {
            throw AcmeProblem.malformed("certificate ID serial is not a positive DER integer");
        }
        return new CertId(aki, serial);
    }

    /** The ID of a certificate; {@code malformed} if it has no Authority Key Identifier. */
    public static CertId of(CertificateFacts facts) {
        byte[] aki = facts.authorityKeyId().orElseThrow(() -> AcmeProblem.malformed(
                "the certificate has no Authority Key Identifier"));
        return new CertId(aki, facts.serial());
    }

    public String text() {
        return Base64Url.encode(keyIdentifier) + "." + Base64Url.encode(serial.toByteArray());
    }

    public String keyIdentifierHex() {
        return HexFormat.of().formatHex(keyIdentifier);
    }

    public String serialHex() {
        return serial.toString(16);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertId other && text().equals(other.text());
    }

    @Override
    public int hashCode() {
        return text().hashCode();
    }

    @Override
    public String toString() {
        return text();
    }
}

package dev.sigil.storage.certificate;

/**
 * The orders a certificate search can return rows in. Each is a total order: the key, then serial, then issuer id,
 * so that keyset pagination never skips or repeats a row when keys tie.
 */
public enum CertificateSort {
    /** By issuedAt (when Sigil committed the certificate). */
    ISSUED,
    /** By notAfter. */
    EXPIRY,
    /**
     * By serial as stored: lower-case hex text without leading zeros, so serials of the same length sort
     * numerically (Sigil's 128-bit random serials nearly all have 31 or 32 digits).
     */
    SERIAL
}

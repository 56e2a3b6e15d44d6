package dev.sigil.storage.certificate;

/**
 * Stored status. {@code EXPIRED} is never stored: a valid certificate past its notAfter is reported
 * as expired by queries that are given the current time.
 */
public enum CertificateStatus { VALID, REVOKED, EXPIRED }

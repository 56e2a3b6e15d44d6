package dev.sigil.storage.ssh;

/** Stored status of an SSH certificate; "expired" is not stored but derived from {@code validBefore}. */
public enum SshCertificateStatus {
    VALID, REVOKED
}

package dev.sigil.storage.ssh;

/**
 * What a committed revocation did.
 *
 * @param certificatesMarked inventory certificates whose status changed to REVOKED
 * @param krlVersion         the KRL version that first lists the revocation
 */
public record SshRevocationResult(int certificatesMarked, long krlVersion) {
}

package dev.sigil.service.ssh;

import dev.sigil.service.error.SigilException;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The contents of an OpenSSH key revocation list (PROTOCOL.krl), ready for {@link KrlEncoder}.
 *
 * @param version       krl_version, increased each time the KRL changes (unsigned)
 * @param generatedAt   generated_date (whole seconds are kept)
 * @param comment       free text, e.g. the CA name; may be empty
 * @param certificates  certificate revocations, one entry per CA (entries for the same CA are merged)
 * @param revokedKeys   plain public keys revoked outright, whatever certificate they carry
 * @param keyForm       how revoked keys are listed
 */
public record Krl(long version, Instant generatedAt, String comment, List<KrlCaRevocations> certificates,
                  List<SshPublicKey> revokedKeys, KeyForm keyForm) {

    /** Longest comment accepted. */
    public static final int MAX_COMMENT_CHARS = 1024;

    /** How a KRL lists revoked plain keys. */
    public enum KeyForm {
        /** KRL_SECTION_EXPLICIT_KEY: the whole key blob; what {@code ssh-keygen -k} writes for {@code key:} lines. */
        EXPLICIT_KEY,
        /** KRL_SECTION_FINGERPRINT_SHA256: 32 bytes per key (OpenSSH 7.9+); what {@code sha256:} lines write. */
        SHA256_FINGERPRINT
    }

    public Krl {
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(keyForm, "keyForm");
        certificates = List.copyOf(certificates);
        revokedKeys = List.copyOf(revokedKeys);
        if (generatedAt.getEpochSecond() < 0) {
            throw SigilException.malformed("KRL: generated date before 1970");
        }
        if (comment.length() > MAX_COMMENT_CHARS || comment.indexOf('\0') >= 0) {
            throw SigilException.malformed("KRL: comment longer than " + MAX_COMMENT_CHARS + " characters or with NUL");
        }
    }
}

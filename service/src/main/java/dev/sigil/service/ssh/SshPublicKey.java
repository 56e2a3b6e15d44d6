package dev.sigil.service.ssh;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed, validated OpenSSH public key: its type, its wire blob (RFC 4253 §6.6 / PROTOCOL.u2f), the JCA key, and
 * for security keys ({@code sk-*}) the FIDO application string. For security keys {@link #key()} is the plain
 * Ed25519 or P-256 key inside; it cannot verify sk signatures (those also cover FIDO flags and a counter), and Sigil
 * only needs the key to certify it. Obtain instances from {@link SshPublicKeys}.
 *
 * @param type        the key type
 * @param blob        the public key in SSH wire format (copied; never a certificate)
 * @param key         the JCA public key
 * @param application the FIDO application (e.g. {@code ssh:}) of a security key, empty otherwise
 * @param comment     the comment that followed the key on its line, if any
 */
public record SshPublicKey(SshKeyType type, byte[] blob, PublicKey key, Optional<String> application, Optional<String> comment) {

    public SshPublicKey {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(comment, "comment");
        blob = Objects.requireNonNull(blob, "blob").clone();
        if (type.isSecurityKey() != application.isPresent()) {
            throw new IllegalArgumentException("an application string goes with security keys and only with them");
        }
    }

    /** The wire blob (a copy). */
    @Override
    public byte[] blob() {
        return blob.clone();
    }

    /** The blob without copying, for encoders in this package. */
    byte[] blobRef() {
        return blob;
    }

    /** The OpenSSH SHA-256 fingerprint, as {@code ssh-keygen -l} prints it: {@code SHA256:} and unpadded base64. */
    public String fingerprint() {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha256());
    }

    /** The raw SHA-256 of the blob, as a KRL fingerprint section holds it. */
    public byte[] sha256() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(blob);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** {@code type base64}, the form authorized_keys and known_hosts hold (without the comment). */
    public String toOpenSsh() {
        return type.wireName() + " " + Base64.getEncoder().encodeToString(blob);
    }

    /** The same key with another comment (empty or blank for none). */
    public SshPublicKey withComment(String newComment) {
        Optional<String> c = newComment == null || newComment.isBlank() ? Optional.empty() : Optional.of(newComment.strip());
        return new SshPublicKey(type, blob, key, application, c);
    }

    /** Two keys are equal when their blobs are: comments do not change a key. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SshPublicKey other && Arrays.equals(blob, other.blob);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return type.wireName() + " " + fingerprint();
    }
}

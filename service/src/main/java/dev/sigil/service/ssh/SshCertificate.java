package dev.sigil.service.ssh;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A signed OpenSSH certificate (PROTOCOL.certkeys).
 *
 * @param request       what was certified
 * @param caKey         the CA key that signed it
 * @param signatureAlgorithm the SSH signature algorithm, e.g. {@code ssh-ed25519} or {@code rsa-sha2-512}
 * @param blob          the certificate in SSH wire format (copied)
 */
public record SshCertificate(SshCertificateRequest request, SshPublicKey caKey, String signatureAlgorithm, byte[] blob) {

    public SshCertificate {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(caKey, "caKey");
        Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
        blob = Objects.requireNonNull(blob, "blob").clone();
    }

    /** The certificate bytes (a copy). */
    @Override
    public byte[] blob() {
        return blob.clone();
    }

    /** The certificate type name, e.g. {@code ssh-ed25519-cert-v01@openssh.com}. */
    public String certificateName() {
        return request.subjectKey().type().certificateName();
    }

    /**
     * The one-line form {@code ssh} and {@code sshd} read from {@code id_ed25519-cert.pub} or {@code HostCertificate}
     * files: type, base64, and the key id as the comment.
     */
    public String toOpenSsh() {
        return certificateName() + " " + Base64.getEncoder().encodeToString(blob) + " " + request.keyId();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SshCertificate other && Arrays.equals(blob, other.blob);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return certificateName() + " serial " + Long.toUnsignedString(request.serial()) + " id " + request.keyId();
    }
}

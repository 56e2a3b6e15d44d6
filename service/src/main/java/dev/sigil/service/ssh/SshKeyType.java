package dev.sigil.service.ssh;

import java.util.Optional;

/**
 * The OpenSSH public key types Sigil certifies. DSA ({@code ssh-dss}) is absent on purpose: OpenSSH disabled it in
 * 7.0 and removed it in 9.8. RSA keys are {@code ssh-rsa} on the wire whatever hash they later sign with.
 */
public enum SshKeyType {
    ED25519("ssh-ed25519", "ssh-ed25519-cert-v01@openssh.com", null),
    ECDSA_P256("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256-cert-v01@openssh.com", "nistp256"),
    ECDSA_P384("ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384-cert-v01@openssh.com", "nistp384"),
    ECDSA_P521("ecdsa-sha2-nistp521", "ecdsa-sha2-nistp521-cert-v01@openssh.com", "nistp521"),
    RSA("ssh-rsa", "ssh-rsa-cert-v01@openssh.com", null),
    /** FIDO/U2F security key holding an Ed25519 key (OpenSSH 8.2+). */
    SK_ED25519("sk-ssh-ed25519@openssh.com", "sk-ssh-ed25519-cert-v01@openssh.com", null),
    /** FIDO/U2F security key holding a P-256 key (OpenSSH 8.2+). */
    SK_ECDSA_P256("sk-ecdsa-sha2-nistp256@openssh.com", "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", "nistp256");

    private final String wireName;
    private final String certificateName;
    private final String curve;

    SshKeyType(String wireName, String certificateName, String curve) {
        this.wireName = wireName;
        this.certificateName = certificateName;
        this.curve = curve;
    }

    /** The name on the wire and at the start of an authorized_keys line, e.g. {@code ssh-ed25519}. */
    public String wireName() {
        return wireName;
    }

    /** The certificate type name for keys of this type, e.g. {@code ssh-ed25519-cert-v01@openssh.com}. */
    public String certificateName() {
        return certificateName;
    }

    /** The SSH curve identifier ({@code nistp256}) for ECDSA types, empty for the others. */
    public Optional<String> curve() {
        return Optional.ofNullable(curve);
    }

    /** Whether the private key lives on a FIDO security key (and so carries an application string). */
    public boolean isSecurityKey() {
        return this == SK_ED25519 || this == SK_ECDSA_P256;
    }

    /** The type with this wire name, if Sigil supports it. */
    public static Optional<SshKeyType> fromWireName(String name) {
        for (SshKeyType t : values()) {
            if (t.wireName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}

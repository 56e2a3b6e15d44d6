package dev.sigil.service.ssh;

/** Whether an OpenSSH certificate identifies a user or a host (PROTOCOL.certkeys: SSH_CERT_TYPE_USER/HOST). */
public enum SshCertificateType {
    USER(1),
    HOST(2);

    private final int code;

    SshCertificateType(int code) {
        this.code = code;
    }

    /** The uint32 on the wire. */
    public int code() {
        return code;
    }
}

package dev.sigil.service.ssh;

/**
 * The certificate extensions OpenSSH defines (PROTOCOL.certkeys). They are flags with empty data, meaningful in user
 * certificates only; {@code ssh-keygen} grants the five {@code permit-*} ones by default.
 */
public enum SshExtension {
    NO_TOUCH_REQUIRED("no-touch-required"),
    PERMIT_X11_FORWARDING("permit-X11-forwarding"),
    PERMIT_AGENT_FORWARDING("permit-agent-forwarding"),
    PERMIT_PORT_FORWARDING("permit-port-forwarding"),
    PERMIT_PTY("permit-pty"),
    PERMIT_USER_RC("permit-user-rc");

    private final String wireName;

    SshExtension(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the certificate, e.g. {@code permit-pty}. */
    public String wireName() {
        return wireName;
    }
}

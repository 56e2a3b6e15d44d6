package dev.sigil.cli.ssh;

import java.util.Locale;

/** The two kinds of OpenSSH certificate, as the API names them ({@code user}, {@code host}). */
enum SshCertType {
    USER,
    HOST;

    /** The API's name, lower case. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException with a message for the user */
    static SshCertType parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (SshCertType c : values()) {
            if (c.name().equals(t)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown certificate type '" + text + "' (use user or host)");
    }
}

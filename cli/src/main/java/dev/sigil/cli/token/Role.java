package dev.sigil.cli.token;

import java.util.Locale;

/** The roles of API tokens, weakest first. */
public enum Role {
    /** Read only. */
    AUDITOR,
    /** Read, issue and revoke. */
    OPERATOR,
    /** Everything, including tokens. */
    ADMIN;

    /** The value the API uses. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException listing the accepted roles */
    public static Role parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (Role r : values()) {
            if (r.name().equals(t)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "' (use auditor, operator or admin)");
    }
}

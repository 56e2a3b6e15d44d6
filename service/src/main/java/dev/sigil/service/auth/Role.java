package dev.sigil.service.auth;

import dev.sigil.service.error.SigilException;

import java.util.Locale;

/** API roles, each including the ones before it: auditor reads, operator also issues and revokes, admin does all. */
public enum Role {
    AUDITOR, OPERATOR, ADMIN;

    public boolean includes(Role required) {
        return ordinal() >= required.ordinal();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw SigilException.malformed("unknown role '" + text + "' (one of admin, operator, auditor)");
        }
    }
}

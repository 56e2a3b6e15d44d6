package dev.sigil.service.auth;

import dev.sigil.service.error.SigilException;

import java.util.Locale;

/**
 * API roles. Auditor, operator and admin form a hierarchy, each including the ones below it: auditor reads, operator
 * also issues and revokes, admin does all. {@link #WORKLOAD} stands outside it: a workload token includes no other
 * role and no other role includes it; it may only read the credential of the one managed certificate it is scoped to,
 * which a route grants explicitly (see {@code Guard.requireOrScoped}).
 */
public enum Role {
    AUDITOR(1), OPERATOR(2), ADMIN(3), WORKLOAD(0);

    /** Position in the hierarchy; 0 for a role outside it. Explicit so that adding a role never shifts the order. */
    private final int rank;

    Role(int rank) {
        this.rank = rank;
    }

    /** Whether a token of this role may do what {@code required} may. A role outside the hierarchy includes only itself. */
    public boolean includes(Role required) {
        if (this == required) {
            return true;
        }
        return rank > 0 && required.rank > 0 && rank >= required.rank;
    }

    /** Whether this role's tokens carry a scope (and must). */
    public boolean scoped() {
        return this == WORKLOAD;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw SigilException.malformed("unknown role '" + text + "' (one of admin, operator, auditor, workload)");
        }
    }
}

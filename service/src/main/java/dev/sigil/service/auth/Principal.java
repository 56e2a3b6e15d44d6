package dev.sigil.service.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling: the token's id and name (the name is the actor in the audit log), its role and, for a workload
 * token, its scope: the name of the one managed certificate it may read.
 */
public record Principal(String tokenId, String name, Role role, Optional<String> scope) {
    public Principal {
        Objects.requireNonNull(tokenId);
        Objects.requireNonNull(name);
        Objects.requireNonNull(role);
        Objects.requireNonNull(scope);
        if (role.scoped() != scope.isPresent()) {
            throw new IllegalArgumentException(role.scoped() ? "a " + role.wireName() + " token needs a scope"
                    : "only workload tokens have a scope");
        }
    }

    /** An unscoped principal (every role but workload). */
    public Principal(String tokenId, String name, Role role) {
        this(tokenId, name, role, Optional.empty());
    }

    /** Whether this is a workload token scoped to exactly {@code managedName}. */
    public boolean scopedTo(String managedName) {
        return role == Role.WORKLOAD && scope.filter(s -> s.equals(managedName)).isPresent();
    }
}

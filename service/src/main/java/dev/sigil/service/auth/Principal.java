package dev.sigil.service.auth;

import java.util.Objects;

/**
 * Who is calling: the token's id and name (the name is the actor in the audit log) and its role.
 */
public record Principal(String tokenId, String name, Role role) {
    public Principal {
        Objects.requireNonNull(tokenId);
        Objects.requireNonNull(name);
        Objects.requireNonNull(role);
    }
}

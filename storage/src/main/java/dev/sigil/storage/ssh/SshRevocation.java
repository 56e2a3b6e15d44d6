package dev.sigil.storage.ssh;

import java.time.Instant;
import java.util.Objects;

/**
 * Who revoked what when, and why (free text).
 *
 * @param at        when
 * @param reason    why, e.g. {@code key compromised}; at most 255 characters
 * @param revokedBy the token name
 */
public record SshRevocation(Instant at, String reason, String revokedBy) {
    public SshRevocation {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(revokedBy, "revokedBy");
    }
}

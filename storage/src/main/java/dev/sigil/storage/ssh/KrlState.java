package dev.sigil.storage.ssh;

import java.time.Instant;
import java.util.Objects;

/**
 * The version of what the KRL lists.
 *
 * @param version   increased by every revocation and tidy, in the same transaction; 0 before the first
 * @param changedAt when the version last changed (the KRL's generated_date)
 * @param horizon   revoked certificates that expired at or before this are no longer listed
 */
public record KrlState(long version, Instant changedAt, Instant horizon) {
    public KrlState {
        Objects.requireNonNull(changedAt, "changedAt");
        Objects.requireNonNull(horizon, "horizon");
    }
}

package dev.sigil.storage.jpa;

import java.time.Instant;
import java.util.Optional;

/**
 * Instants as stored: microseconds since the epoch in a BIGINT. Unlike DATETIME/TIMESTAMP columns this is
 * exact on H2 and MariaDB alike and cannot shift with the JVM, session or server time zone. Sub-microsecond
 * digits are truncated (floor), so an instant read back equals the one written truncated to microseconds.
 */
final class Micros {

    private static final long PER_SECOND = 1_000_000L;
    private static final long NANOS_PER_MICRO = 1_000L;

    private Micros() {
    }

    static long of(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), PER_SECOND),
                    instant.getNano() / NANOS_PER_MICRO);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("instant out of the storable range (about +-292,000 years)", e);
        }
    }

    static Long ofNullable(Optional<Instant> instant) {
        return instant.map(Micros::of).orElse(null);
    }

    static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, PER_SECOND),
                Math.floorMod(micros, PER_SECOND) * NANOS_PER_MICRO);
    }

    static Optional<Instant> toOptional(Long micros) {
        return micros == null ? Optional.empty() : Optional.of(toInstant(micros));
    }
}

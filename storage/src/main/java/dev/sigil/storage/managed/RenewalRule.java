package dev.sigil.storage.managed;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** When a managed certificate is renewed: at a fraction of its lifetime, or a fixed time before it expires. */
public sealed interface RenewalRule {

    /** The renewal time of a certificate valid from {@code notBefore} to {@code notAfter}. */
    Instant renewAt(Instant notBefore, Instant notAfter);

    /**
     * Renew once this fraction of the lifetime has passed (0.6667: two thirds in, as Let's Encrypt's clients do).
     *
     * @param fraction strictly between 0 and 1
     */
    record AtFraction(double fraction) implements RenewalRule {
        public AtFraction {
            if (!(fraction > 0 && fraction < 1)) {
                throw new IllegalArgumentException("renewAtFraction must lie strictly between 0 and 1");
            }
        }

        @Override
        public Instant renewAt(Instant notBefore, Instant notAfter) {
            long lifetimeMillis = Duration.between(notBefore, notAfter).toMillis();
            return notBefore.plusMillis(Math.round(lifetimeMillis * fraction));
        }
    }

    /** Renew this long before notAfter. */
    record BeforeExpiry(Duration before) implements RenewalRule {
        public BeforeExpiry {
            Objects.requireNonNull(before, "before");
            if (before.isNegative() || before.isZero()) {
                throw new IllegalArgumentException("renewBefore must be positive");
            }
        }

        @Override
        public Instant renewAt(Instant notBefore, Instant notAfter) {
            return notAfter.minus(before);
        }
    }
}

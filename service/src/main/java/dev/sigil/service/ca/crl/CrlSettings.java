package dev.sigil.service.ca.crl;

import dev.sigil.service.config.ConfigKeys;
import dev.sigil.service.config.SigilConfig;

import java.time.Duration;

/**
 * How CRLs are published.
 *
 * @param validity        nextUpdate - thisUpdate of full CRLs
 * @param period          a new full CRL is published when the latest is this old; {@code validity - period} is the
 *                        overlap during which the previous CRL is still current for relying parties that cached it
 * @param revocationDelay after a revocation, a CRL (a delta CRL, when deltas are on) is published at the end of a
 *                        window of this length, so that a burst of revocations yields one CRL
 * @param retention       a revoked certificate stays on the CRL this long after it expired
 * @param deltas          whether delta CRLs are published (RFC 5280 §5.2.4): after a revocation, a delta listing what
 *                        was revoked since the latest full CRL, instead of a new full CRL
 * @param deltaValidity   nextUpdate - thisUpdate of delta CRLs; longer than the period (each full CRL is followed by
 *                        a delta, so the latest delta is never older than a period) and not longer than the validity
 * @param deltaMaxEntries a delta that would list more revocations than this is replaced by a new full CRL
 */
public record CrlSettings(Duration validity, Duration period, Duration revocationDelay, Duration retention,
                          boolean deltas, Duration deltaValidity, int deltaMaxEntries) {

    /** Default of {@link ConfigKeys#CRL_DELTA_MAX_ENTRIES}: ~400 KB of delta, a few ms to generate and sign. */
    public static final int DEFAULT_DELTA_MAX_ENTRIES = 10_000;

    public CrlSettings {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException(ConfigKeys.CRL_VALIDITY + " must be positive");
        }
        if (period.isNegative() || period.isZero() || period.compareTo(validity) >= 0) {
            throw new IllegalArgumentException(ConfigKeys.CRL_PERIOD + " (" + period + ") must be positive and shorter than "
                    + ConfigKeys.CRL_VALIDITY + " (" + validity + "), so that CRLs overlap");
        }
        if (revocationDelay.isNegative() || revocationDelay.isZero()) {
            throw new IllegalArgumentException(ConfigKeys.CRL_REVOCATION_DELAY + " must be positive");
        }
        if (retention.isNegative()) {
            throw new IllegalArgumentException(ConfigKeys.CRL_RETENTION + " must not be negative");
        }
        if (deltaValidity.compareTo(period) <= 0 || deltaValidity.compareTo(validity) > 0) {
            throw new IllegalArgumentException(ConfigKeys.CRL_DELTA_VALIDITY + " (" + deltaValidity + ") must be longer than "
                    + ConfigKeys.CRL_PERIOD + " (" + period + "), so that deltas overlap, and at most "
                    + ConfigKeys.CRL_VALIDITY + " (" + validity + ")");
        }
        if (deltaMaxEntries < 1) {
            throw new IllegalArgumentException(ConfigKeys.CRL_DELTA_MAX_ENTRIES + " must be positive");
        }
    }

    /** Full CRLs only, as before delta CRLs existed. */
    public CrlSettings(Duration validity, Duration period, Duration revocationDelay, Duration retention) {
        this(validity, period, revocationDelay, retention, false, defaultDeltaValidity(validity, period),
                DEFAULT_DELTA_MAX_ENTRIES);
    }

    /** With delta CRLs on and their defaults. */
    public CrlSettings withDeltas() {
        return new CrlSettings(validity, period, revocationDelay, retention, true, deltaValidity, deltaMaxEntries);
    }

    public static CrlSettings from(SigilConfig config) {
        Duration validity = config.duration(ConfigKeys.CRL_VALIDITY, Duration.ofDays(1));
        Duration period = config.duration(ConfigKeys.CRL_PERIOD, Duration.ofHours(1));
        return new CrlSettings(validity, period,
                config.duration(ConfigKeys.CRL_REVOCATION_DELAY, Duration.ofSeconds(5)),
                config.duration(ConfigKeys.CRL_RETENTION, Duration.ofDays(7)),
                config.bool(ConfigKeys.CRL_DELTA_ENABLED, true),
                config.duration(ConfigKeys.CRL_DELTA_VALIDITY, defaultDeltaValidity(validity, period)),
                config.integer(ConfigKeys.CRL_DELTA_MAX_ENTRIES, DEFAULT_DELTA_MAX_ENTRIES));
    }

    /** Twice the period (a period of overlap), at most the validity. */
    static Duration defaultDeltaValidity(Duration validity, Duration period) {
        Duration twice = period.multipliedBy(2);
        return twice.compareTo(validity) < 0 ? twice : validity;
    }
}

package dev.sigil.service.ca.crl;

import dev.sigil.service.config.ConfigKeys;
import dev.sigil.service.config.SigilConfig;

import java.time.Duration;

/**
 * How CRLs are published.
 *
 * @param validity        nextUpdate - thisUpdate
 * @param period          a new CRL is published when the latest is this old; {@code validity - period} is the
 *                        overlap during which the previous CRL is still current for relying parties that cached it
 * @param revocationDelay after a revocation, the CRL is republished at the end of a window of this length, so that
 *                        a burst of revocations yields one CRL
 * @param retention       a revoked certificate stays on the CRL this long after it expired
 */
public record CrlSettings(Duration validity, Duration period, Duration revocationDelay, Duration retention) {

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
    }

    public static CrlSettings from(SigilConfig config) {
        return new CrlSettings(config.duration(ConfigKeys.CRL_VALIDITY, Duration.ofDays(1)),
                config.duration(ConfigKeys.CRL_PERIOD, Duration.ofHours(1)),
                config.duration(ConfigKeys.CRL_REVOCATION_DELAY, Duration.ofSeconds(5)),
                config.duration(ConfigKeys.CRL_RETENTION, Duration.ofDays(7)));
    }
}

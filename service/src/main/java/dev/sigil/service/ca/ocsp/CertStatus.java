package dev.sigil.service.ca.ocsp;

import dev.sigil.service.ca.revocation.RevocationReason;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;

/**
 * What one OCSP SingleResponse says about a certificate, as read from the inventory. Also part of the response
 * cache's key: a cached signature is reused only for the very same status.
 *
 * @param kind      good, revoked or unknown
 * @param revokedAt revocation time, whole seconds (GeneralizedTime without fractions), if revoked
 * @param reason    CRLReason code, if revoked for a reason other than unspecified
 */
record CertStatus(Kind kind, Optional<Instant> revokedAt, Optional<Integer> reason) {

    enum Kind { GOOD, REVOKED, UNKNOWN }

    static final CertStatus GOOD = new CertStatus(Kind.GOOD, Optional.empty(), Optional.empty());
    static final CertStatus UNKNOWN = new CertStatus(Kind.UNKNOWN, Optional.empty(), Optional.empty());

    CertStatus {
        Objects.requireNonNull(kind);
        revokedAt = revokedAt.map(t -> t.truncatedTo(ChronoUnit.SECONDS));
        if ((kind == Kind.REVOKED) != revokedAt.isPresent()) {
            throw new IllegalArgumentException("a revocation time goes with, and only with, a revoked status");
        }
        reason = reason.filter(r -> r != RevocationReason.UNSPECIFIED.code()); // RFC 5280 §5.3.1: omit unspecified
    }

    /**
     * The inventory's answer. An expired certificate is still answered good or revoked: its status is known, and
     * relying parties check validity dates themselves.
     */
    static CertStatus of(CertificateRecord c) {
        if (c.status() == CertificateStatus.REVOKED) {
            return new CertStatus(Kind.REVOKED, Optional.of(c.revokedAt().orElseThrow()), c.revocationReason());
        }
        return GOOD;
    }

    /** Bouncy Castle's form ({@code null} is BC's "good"). */
    org.bouncycastle.cert.ocsp.CertificateStatus toBc() {
        return switch (kind) {
            case GOOD -> org.bouncycastle.cert.ocsp.CertificateStatus.GOOD;
            case UNKNOWN -> new UnknownStatus();
            case REVOKED -> reason.isPresent()
                    ? new RevokedStatus(Date.from(revokedAt.orElseThrow()), reason.get())
                    : new RevokedStatus(Date.from(revokedAt.orElseThrow()));
        };
    }
}

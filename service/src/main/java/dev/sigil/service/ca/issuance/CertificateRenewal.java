package dev.sigil.service.ca.issuance;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.profile.Profile;
import dev.sigil.service.ca.profile.Profiles;
import dev.sigil.service.ca.x509.CsrParser;
import dev.sigil.service.ca.x509.LeafTemplate;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.San;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renews a certificate from a new CSR: a new certificate under the original's profile, owner and label, for the
 * same names, through the same policy, lint and inventory-first commit as any issuance. The original is left
 * valid: the operator revokes it (superseded) once the new one is deployed, so nothing breaks in between.
 */
public final class CertificateRenewal {

    /** Audit action of a renewal; its details name the original certificate. */
    public static final String ACTION = "certificate.renew";

    private final IssuanceService issuance;
    private final IssuerRegistry issuers;
    private final Profiles profiles;
    private final Clock clock;

    public CertificateRenewal(IssuanceService issuance, IssuerRegistry issuers, Profiles profiles, Clock clock) {
        this.issuance = issuance;
        this.issuers = issuers;
        this.profiles = profiles;
        this.clock = clock;
    }

    /**
     * @param original the certificate to renew, as the inventory holds it
     * @param csrPem   the new CSR (usually with a new key)
     * @param ttl      the lifetime; empty for the profile's default
     * @throws SigilException conflict if the original is revoked; bad-csr; policy naming the names that differ,
     *                        or any rule of the profile; unavailable if the inventory did not commit
     */
    public IssuedCertificate renew(CertificateRecord original, String csrPem, Optional<Duration> ttl, String actor) {
        String originalId = original.issuerId() + "/" + original.serial();
        if (original.status() == CertificateStatus.REVOKED) {
            throw SigilException.conflict("certificate " + original.serial()
                    + " is revoked; a revoked certificate is not renewed (issue a new one)");
        }
        Instant now = clock.instant();
        SigningIssuer issuer = issuers.issuing(now);
        LeafTemplate template;
        try {
            Profile profile = profiles.get(original.profile());
            template = issuance.prepare(CsrParser.parsePem(csrPem), profile, ttl, issuer, now);
            sameNames(original, template.sans());
        } catch (SigilException e) {
            issuance.refused(e, ACTION, originalId, original.profile(), actor, now);
            throw e;
        }
        return issuance.signAndRecord(template, issuer, original.profile(), original.owner(), original.label(), actor,
                now, ACTION, " renews=" + originalId);
    }

    /** Refuses names that differ from the original's, naming what is missing and what was added. */
    private static void sameNames(CertificateRecord original, List<San> requested) {
        Set<San> before = new LinkedHashSet<>(original.sans());
        Set<San> after = new LinkedHashSet<>(requested);
        if (before.equals(after)) {
            return;
        }
        List<String> differences = new ArrayList<>();
        Set<San> missing = new LinkedHashSet<>(before);
        missing.removeAll(after);
        Set<San> added = new LinkedHashSet<>(after);
        added.removeAll(before);
        if (!missing.isEmpty()) {
            differences.add("missing " + names(missing));
        }
        if (!added.isEmpty()) {
            differences.add("added " + names(added));
        }
        throw SigilException.policy("a renewal keeps the names of certificate " + original.serial() + " ("
                + names(before) + "); the CSR's names differ: " + String.join("; ", differences)
                + " (issue a new certificate for other names)");
    }

    private static String names(Set<San> sans) {
        return sans.stream().map(San::toString).collect(Collectors.joining(", "));
    }
}

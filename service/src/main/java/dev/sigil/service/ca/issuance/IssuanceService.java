package dev.sigil.service.ca.issuance;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.ca.profile.NamePolicy;
import dev.sigil.service.ca.profile.Profile;
import dev.sigil.service.ca.profile.Profiles;
import dev.sigil.service.ca.x509.CsrParser;
import dev.sigil.service.ca.x509.IpAddresses;
import dev.sigil.service.ca.x509.LeafSigner;
import dev.sigil.service.ca.x509.LeafTemplate;
import dev.sigil.service.ca.x509.ParsedCsr;
import dev.sigil.service.ca.x509.SerialNumbers;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.config.Durations;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.ledger.Ledger;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Issues X.509 certificates from CSRs under a profile: parse and verify, apply policy (refusing, never trimming),
 * prepare, lint and sign once, then commit to the inventory before anyone sees the certificate.
 */
public final class IssuanceService {

    /** Backdating of notBefore to absorb client clock skew. */
    static final Duration BACKDATE = Duration.ofMinutes(1);
    /** Audit action of an issuance. */
    static final String ISSUE_ACTION = "certificate.issue";

    private final IssuerRegistry issuers;
    private final Profiles profiles;
    private final LeafSigner signer;
    private final Ledger ledger;
    private final SigilMetrics metrics;
    private final Clock clock;

    public IssuanceService(IssuerRegistry issuers, Profiles profiles, LeafSigner signer, Ledger ledger,
                           SigilMetrics metrics, Clock clock) {
        this.issuers = issuers;
        this.profiles = profiles;
        this.signer = signer;
        this.ledger = ledger;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @throws SigilException bad-csr or policy for the client's mistakes; unavailable if the inventory did not commit
     */
    public IssuedCertificate issue(IssueRequest request, String actor) {
        Instant now = clock.instant();
        SigningIssuer issuer = issuers.issuing(now);
        LeafTemplate template;
        Profile profile;
        try {
            profile = profiles.get(request.profile());
            ParsedCsr csr = CsrParser.parsePem(request.csrPem());
            template = prepare(csr, profile, request.ttl(), issuer, now);
        } catch (SigilException e) {
            refused(e, request, actor, now);
            throw e;
        }
        return signAndRecord(template, issuer, profile.name(), request.owner(), request.label(), actor, now);
    }

    /**
     * Issues from a DER CSR under an explicit profile (an ACME directory's effective profile), honouring a requested
     * validity window: {@code notBefore} may only lie ahead (never backdated beyond the usual minute), {@code notAfter}
     * must fit the profile's maximum lifetime counted from the start.
     *
     * @throws SigilException bad-csr or policy for the client's mistakes; unavailable if the inventory did not commit
     */
    public IssuedCertificate issue(byte[] csrDer, Profile profile, Optional<Instant> notBefore,
                                   Optional<Instant> notAfter, Optional<String> owner, String actor) {
        Instant now = clock.instant();
        SigningIssuer issuer = issuers.issuing(now);
        LeafTemplate template;
        try {
            Instant start = notBefore.filter(nb -> nb.isAfter(now)).orElse(now);
            Optional<Duration> ttl = notAfter.map(na -> Duration.between(start, na));
            if (ttl.isPresent() && (ttl.get().isNegative() || ttl.get().isZero())) {
                throw SigilException.policy("notAfter must lie after notBefore and after now");
            }
            ParsedCsr csr = CsrParser.parseDer(csrDer);
            template = prepare(csr, profile, ttl, issuer, start);
            if (start.isAfter(now)) {
                template = template.withNotBefore(start);
            }
        } catch (SigilException e) {
            refused(e, new IssueRequest("(DER)", profile.name(), Optional.empty(), owner, Optional.empty()), actor, now);
            throw e;
        }
        return signAndRecord(template, issuer, profile.name(), owner, Optional.empty(), actor, now);
    }

    /** Checks a parsed CSR against a profile and decides everything the certificate {@code issuer} will sign. */
    LeafTemplate prepare(ParsedCsr csr, Profile profile, Optional<Duration> ttl, SigningIssuer issuer, Instant now) {
        KeyType keyType = csr.keyType().orElseThrow(() -> SigilException.policy("the CSR's key (" + csr.keyDescription()
                + ") is not accepted; profile " + profile.name() + " accepts " + sorted(profile)));
        if (!profile.keyTypes().contains(keyType)) {
            throw SigilException.policy("the CSR's key (" + csr.keyDescription() + ") is not accepted by profile "
                    + profile.name() + " (accepts " + sorted(profile) + ")");
        }
        SubjectPolicy.check(csr.subject());
        List<San> sans = new ArrayList<>(csr.sans());
        if (profile.requireName()) {
            csr.commonName().ifPresent(cn -> {
                San asSan = IpAddresses.isLiteral(cn) ? San.ip(IpAddresses.canonical(IpAddresses.parseLiteral(cn)))
                        : NamePolicy.looksLikeHostname(cn) ? San.dns(cn) : null;
                if (asSan == null) {
                    throw SigilException.policy("the CN '" + cn + "' is neither a DNS name nor an IP address, as profile "
                            + profile.name() + " requires");
                }
                if (!sans.contains(asSan)) {
                    sans.add(0, asSan); // the CN must be a SAN too (CA/B BR 7.1.4.3); included, never dropped
                }
            });
            if (sans.isEmpty()) {
                throw SigilException.policy("profile " + profile.name() + " needs at least one DNS name or IP address");
            }
        } else if (sans.isEmpty() && csr.commonName().isEmpty()) {
            throw SigilException.policy("the CSR names no subject: give a CN or a SAN");
        }
        List<String> refusals = sans.stream().distinct().map(s -> profile.names().refusal(s)).flatMap(Optional::stream).toList();
        if (!refusals.isEmpty()) {
            throw SigilException.policy(String.join("; ", refusals));
        }
        Duration lifetime = ttl.orElse(profile.defaultLifetime());
        if (lifetime.compareTo(profile.maxLifetime()) > 0) {
            throw SigilException.policy("the requested lifetime " + Durations.format(lifetime)
                    + " exceeds profile " + profile.name() + "'s maximum of " + Durations.format(profile.maxLifetime()));
        }
        Instant notAfter = now.plus(lifetime);
        if (notAfter.isAfter(issuer.record().notAfter())) {
            notAfter = issuer.record().notAfter(); // a certificate cannot outlive its issuer
        }
        return new LeafTemplate(SerialNumbers.next(), csr.subject(), sans.stream().distinct().toList(), csr.publicKey(),
                keyType, now.minus(BACKDATE), notAfter, profile.extendedKeyUsage());
    }

    /**
     * Signs a prepared template and commits it to the inventory (with its audit record) before returning it.
     * {@link #issue} reaches this after policy; Sigil's own TLS certificate comes here directly, since its names
     * are the operator's configuration rather than a client's request.
     */
    public IssuedCertificate signAndRecord(LeafTemplate t, SigningIssuer issuer, String profile, Optional<String> owner,
                                           Optional<String> label, String actor, Instant now) {
        return signAndRecord(t, issuer, profile, owner, label, actor, now, ISSUE_ACTION, "");
    }

    /**
     * As {@link #signAndRecord(LeafTemplate, SigningIssuer, String, Optional, Optional, String, Instant)}, audited as
     * {@code action} with {@code moreDetails} appended to the audit details (a renewal names its original).
     */
    IssuedCertificate signAndRecord(LeafTemplate t, SigningIssuer issuer, String profile, Optional<String> owner,
                                    Optional<String> label, String actor, Instant now, String action,
                                    String moreDetails) {
        byte[] der = signer.sign(t, issuer);
        String serial = SerialNumbers.hex(t.serial());
        CertificateRecord record = new CertificateRecord(issuer.id(), serial, subjectText(t), t.sans(),
                t.keyType().name(), t.notBefore(), t.notAfter(), CertificateStatus.VALID, Optional.empty(),
                Optional.empty(), owner, label, profile, der, now, actor);
        try {
            ledger.recordIssuance(record, AuditEvent.success(now, actor, action, issuer.id() + "/" + serial,
                    "profile=" + profile + " sans=" + t.sans() + moreDetails));
        } catch (StorageException e) {
            // Nothing acknowledged: the client gets an error and no certificate.
            // A conflict or missing issuer row is a Sigil bug (serials are random, issuers are loaded at start);
            // only an unreachable database is the client's "try again later".
            throw new SigilException(e.kind() == StorageException.Kind.UNAVAILABLE ? ErrorKind.UNAVAILABLE : ErrorKind.INTERNAL,
                    "the certificate could not be recorded in the inventory; nothing was issued", e);
        }
        metrics.issued(issuer.id(), profile);
        return new IssuedCertificate(record, chainFor(issuer));
    }

    /** The chain a client presents after its certificate: the issuer and its parents, not the root. */
    public static List<byte[]> chainFor(SigningIssuer issuer) {
        List<X509Certificate> chain = issuer.chainToRoot();
        try {
            List<byte[]> out = new ArrayList<>();
            for (X509Certificate c : chain.subList(0, chain.size() - 1)) {
                out.add(c.getEncoded());
            }
            return out;
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void refused(SigilException e, IssueRequest request, String actor, Instant now) {
        refused(e, ISSUE_ACTION, "", request.profile(), actor, now);
    }

    /** Counts and audits (best effort) a refused request; {@code target} is empty for a new certificate. */
    void refused(SigilException e, String action, String target, String profile, String actor, Instant now) {
        metrics.refused(e.kind().name().toLowerCase(java.util.Locale.ROOT));
        try {
            ledger.audit(new AuditEvent(now, actor, action, target, "denied",
                    "profile=" + profile + ": " + e.getMessage()));
        } catch (StorageException ignored) {
            // The refusal stands whether or not its audit record could be written.
        }
    }

    private static String subjectText(LeafTemplate t) {
        return new javax.security.auth.x500.X500Principal(encoded(t)).getName();
    }

    private static byte[] encoded(LeafTemplate t) {
        try {
            return t.subject().getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sorted(Profile p) {
        return p.keyTypes().stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
    }
}

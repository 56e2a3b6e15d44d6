package dev.sigil.service.ca.ocsp;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.issuance.IssuanceService;
import dev.sigil.service.ca.issuance.IssuedCertificate;
import dev.sigil.service.ca.x509.CaCertificates;
import dev.sigil.service.ca.x509.LeafTemplate;
import dev.sigil.service.ca.x509.SerialNumbers;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.storage.issuer.IssuerKind;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

import java.io.IOException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The delegated OCSP responders, one per issuing intermediate valid now. Each is issued by its intermediate,
 * committed to the inventory (profile {@value #PROFILE}) before it signs anything, and replaced once two thirds of
 * its lifetime have passed ({@link #renewIfDue}). Readers see a consistent set without locking: the whole map is
 * swapped at once. The root has no responder: the status of intermediates is not answered here (use the CRL).
 */
public final class OcspSigners {

    public static final String PROFILE = "ocsp-signer";
    static final String OWNER = "sigil";
    static final String ACTOR = "system";
    /** notBefore lies this far back, for relying parties whose clocks run slow. */
    static final Duration BACKDATE = Duration.ofMinutes(1);
    /** Shortest responder lifetime accepted: below it, renewals would follow each other too closely. */
    static final Duration MIN_VALIDITY = Duration.ofMinutes(10);
    private static final System.Logger LOG = System.getLogger(OcspSigners.class.getName());

    private final IssuerRegistry issuers;
    private final IssuanceService issuance;
    private final Duration validity;
    private final AtomicReference<Map<String, OcspSigner>> current = new AtomicReference<>(Map.of());

    public OcspSigners(IssuerRegistry issuers, IssuanceService issuance, Duration validity) {
        if (validity.compareTo(MIN_VALIDITY) < 0) {
            throw new IllegalArgumentException("sigil.ocsp.signer-validity must be at least " + MIN_VALIDITY.toMinutes() + "m");
        }
        this.issuers = issuers;
        this.issuance = issuance;
        this.validity = validity;
    }

    /** Creates the set and issues a responder for every intermediate valid at {@code now}. */
    public static OcspSigners issue(IssuerRegistry issuers, IssuanceService issuance, Duration validity, Instant now) {
        OcspSigners signers = new OcspSigners(issuers, issuance, validity);
        signers.renewIfDue(now);
        return signers;
    }

    /** The responder that answers for {@code issuerId}, if that issuer has one. */
    public Optional<OcspSigner> forIssuer(String issuerId) {
        return Optional.ofNullable(current.get().get(issuerId));
    }

    /** Any responder (the longest-lived), to sign answers about issuers Sigil has none for. */
    Optional<OcspSigner> any() {
        return current.get().values().stream().max(Comparator.comparing(OcspSigner::notAfter));
    }

    /**
     * Issues a responder for every intermediate valid at {@code now} that has none, or whose responder is past two
     * thirds of its lifetime (unless a new one would not outlive it: near the intermediate's own end). Responders
     * of intermediates no longer valid are dropped. Synchronized so that two callers never both issue.
     *
     * @return how many responder certificates were issued
     */
    public synchronized int renewIfDue(Instant now) {
        Map<String, OcspSigner> before = current.get();
        Map<String, OcspSigner> next = new HashMap<>();
        int issued = 0;
        for (SigningIssuer issuer : issuers.all()) {
            if (issuer.record().kind() != IssuerKind.INTERMEDIATE
                    || now.isBefore(issuer.record().notBefore()) || !now.isBefore(issuer.record().notAfter())) {
                continue;
            }
            OcspSigner have = before.get(issuer.id());
            if (have != null && (now.isBefore(have.renewAt()) || !notAfter(issuer, now).isAfter(have.notAfter()))) {
                next.put(issuer.id(), have);
                continue;
            }
            next.put(issuer.id(), issueFor(issuer, now));
            issued++;
        }
        current.set(Map.copyOf(next));
        return issued;
    }

    private Instant notAfter(SigningIssuer issuer, Instant now) {
        Instant wanted = now.plus(validity);
        return wanted.isAfter(issuer.record().notAfter()) ? issuer.record().notAfter() : wanted;
    }

    private OcspSigner issueFor(SigningIssuer issuer, Instant now) {
        KeyPair keys = OcspSigner.KEY_TYPE.generate();
        LeafTemplate t = new LeafTemplate(SerialNumbers.next(),
                CaCertificates.name(issuer.record().name() + " OCSP Responder", Optional.empty()), List.of(),
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()), OcspSigner.KEY_TYPE,
                now.minus(BACKDATE), notAfter(issuer, now), List.of(KeyPurposeId.id_kp_OCSPSigning));
        IssuedCertificate issued = issuance.signAndRecord(t, issuer, PROFILE, Optional.of(OWNER),
                Optional.of("Sigil OCSP responder"), ACTOR, now);
        try {
            OcspSigner signer = new OcspSigner(issuer.id(), new X509CertificateHolder(issued.record().der()), keys.getPrivate());
            LOG.log(System.Logger.Level.INFO, "OCSP responder certificate {0} issued for {1}, valid until {2}",
                    issued.record().serial(), issuer.id(), signer.notAfter());
            return signer;
        } catch (IOException e) {
            throw new IllegalStateException("cannot parse the OCSP responder certificate just issued", e);
        }
    }
}

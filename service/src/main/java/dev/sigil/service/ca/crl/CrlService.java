package dev.sigil.service.ca.crl;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.revocation.RevocationReason;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.certificate.CertificateRepository;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.cert.X509v2CRLBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CRLs generated from the inventory, signed by the issuer, cached briefly and regenerated right after a revocation
 * on this node. (Scheduled publication with a persisted CRL number is a later step; until then the CRL number is
 * thisUpdate in milliseconds, which increases strictly on one node.)
 */
public final class CrlService {

    /** How long a generated CRL is served before it is regenerated (bounds staleness across nodes). */
    public static final Duration CACHE_TTL = Duration.ofSeconds(30);

    /** A signed CRL and when it was made. */
    public record SignedCrl(byte[] der, Instant thisUpdate, Instant nextUpdate, long entries) {
    }

    private final IssuerRegistry issuers;
    private final CertificateRepository certificates;
    private final Duration validity;
    private final Clock clock;
    private final Map<String, SignedCrl> cache = new ConcurrentHashMap<>();

    public CrlService(IssuerRegistry issuers, CertificateRepository certificates, Duration validity, Clock clock) {
        this.issuers = issuers;
        this.certificates = certificates;
        this.validity = validity;
        this.clock = clock;
    }

    /** The current CRL of an issuer. */
    public SignedCrl current(String issuerId) {
        SigningIssuer issuer = issuers.find(issuerId)
                .orElseThrow(() -> SigilException.notFound("no issuer " + issuerId));
        Instant now = clock.instant();
        SignedCrl cached = cache.get(issuerId);
        if (cached != null && cached.thisUpdate().plus(CACHE_TTL).isAfter(now)) {
            return cached;
        }
        synchronized (issuer) {
            cached = cache.get(issuerId);
            if (cached != null && cached.thisUpdate().plus(CACHE_TTL).isAfter(now)) {
                return cached;
            }
            SignedCrl fresh = generate(issuer, now);
            cache.put(issuerId, fresh);
            return fresh;
        }
    }

    /** Drops the cached CRL so that the next fetch reflects a revocation just committed. */
    public void invalidate(String issuerId) {
        cache.remove(issuerId);
    }

    SignedCrl generate(SigningIssuer issuer, Instant now) {
        Instant thisUpdate = now;
        SignedCrl previous = cache.get(issuer.id());
        if (previous != null && !thisUpdate.isAfter(previous.thisUpdate())) {
            thisUpdate = previous.thisUpdate().plusMillis(1); // keep the CRL number strictly increasing
        }
        Instant nextUpdate = thisUpdate.plus(validity);
        X509v2CRLBuilder b = new X509v2CRLBuilder(issuer.subject(), Date.from(thisUpdate));
        b.setNextUpdate(Date.from(nextUpdate));
        long[] count = {0};
        certificates.forEachRevocation(issuer.id(), r -> {
            try {
                ExtensionsGenerator ext = new ExtensionsGenerator();
                if (r.reasonCode() != RevocationReason.UNSPECIFIED.code()) {
                    // RFC 5280 §5.3.1: omit the reason code rather than say "unspecified".
                    ext.addExtension(Extension.reasonCode, false, CRLReason.lookup(r.reasonCode()));
                }
                if (r.invalidityDate().isPresent()) {
                    ext.addExtension(Extension.invalidityDate, false,
                            new ASN1GeneralizedTime(Date.from(r.invalidityDate().get())));
                }
                b.addCRLEntry(new BigInteger(r.serial(), 16), Date.from(r.revokedAt()), ext.isEmpty() ? null : ext.generate());
                count[0]++;
            } catch (IOException e) {
                throw new IllegalStateException("cannot encode CRL entry", e);
            }
        });
        try {
            b.addExtension(Extension.authorityKeyIdentifier, false, issuer.authorityKeyIdForChildren());
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(thisUpdate.toEpochMilli())));
            return new SignedCrl(b.build(issuer.signer()).getEncoded(), thisUpdate, nextUpdate, count[0]);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode CRL", e);
        }
    }
}

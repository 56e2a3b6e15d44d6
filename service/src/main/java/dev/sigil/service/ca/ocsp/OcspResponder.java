package dev.sigil.service.ca.ocsp;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.x509.SerialNumbers;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateRepository;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Answers RFC 6960 OCSP requests from the inventory. The status is read on every request (a primary-key lookup),
 * so a revocation committed on any node shows in the very next answer; only signatures of single-certificate
 * answers without a nonce are reused, for at most {@link #cacheAge}. Never throws: every failure is an
 * OCSPResponse error status (malformedRequest, internalError, tryLater, unauthorized).
 */
public final class OcspResponder {

    /** Upper bound on how long a signed answer is reused (besides half the validity). */
    static final Duration MAX_CACHE_AGE = Duration.ofMinutes(5);
    /** Shortest {@code sigil.ocsp.validity} accepted. */
    static final Duration MIN_VALIDITY = Duration.ofMinutes(1);
    /** Largest serial asked about: RFC 5280 §4.1.2.2 allows 20 octets. */
    static final int MAX_SERIAL_BITS = 160;
    private static final System.Logger LOG = System.getLogger(OcspResponder.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IssuerIndex index;
    private final OcspSigners signers;
    private final CertificateRepository certificates;
    private final Duration validity;
    private final Clock clock;
    private final ResponseCache cache;

    /**
     * @param validity nextUpdate - thisUpdate of every answer ({@code sigil.ocsp.validity})
     */
    public OcspResponder(IssuerRegistry issuers, OcspSigners signers, CertificateRepository certificates,
                         Duration validity, Clock clock) {
        if (validity.compareTo(MIN_VALIDITY) < 0) {
            throw new IllegalArgumentException("sigil.ocsp.validity must be at least " + MIN_VALIDITY.toMinutes() + "m");
        }
        this.index = IssuerIndex.of(issuers);
        this.signers = signers;
        this.certificates = certificates;
        this.validity = validity;
        this.clock = clock;
        this.cache = new ResponseCache(cacheAge(validity));
    }

    /** How long a signed answer is reused: min(validity / 2, {@link #MAX_CACHE_AGE}). */
    static Duration cacheAge(Duration validity) {
        Duration half = validity.dividedBy(2);
        return half.compareTo(MAX_CACHE_AGE) < 0 ? half : MAX_CACHE_AGE;
    }

    /** nextUpdate - thisUpdate of every answer (less near the end of a responder certificate). */
    public Duration validity() {
        return validity;
    }

    /** Answers a DER OCSPRequest with a DER OCSPResponse. */
    public OcspAnswer respond(byte[] requestDer) {
        Optional<ParsedRequest> parsed = ParsedRequest.parse(requestDer);
        if (parsed.isEmpty()) {
            return error(OCSPRespBuilder.MALFORMED_REQUEST);
        }
        try {
            return answer(parsed.get(), clock.instant().truncatedTo(ChronoUnit.SECONDS));
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.UNAVAILABLE) {
                LOG.log(System.Logger.Level.WARNING, "OCSP answered tryLater: the database is unavailable ({0})", e.getMessage());
                return error(OCSPRespBuilder.TRY_LATER);
            }
            return internalError(e);
        } catch (OCSPException | IOException | RuntimeException e) {
            return internalError(e);
        }
    }

    private OcspAnswer answer(ParsedRequest request, Instant now) throws OCSPException, IOException {
        List<Optional<String>> issuerIds = request.queries().stream().map(q -> index.issuerOf(q.id())).toList();
        // One response has one signer: the first issuer asked about that has a responder. Certificates of other
        // issuers are answered unknown, since this signer cannot vouch for them.
        Optional<OcspSigner> chosen = issuerIds.stream().flatMap(Optional::stream)
                .map(signers::forIssuer).flatMap(Optional::stream).findFirst().or(signers::any);
        if (chosen.isEmpty()) {
            return error(OCSPRespBuilder.UNAUTHORIZED);
        }
        OcspSigner signer = chosen.get();
        List<CertStatus> statuses = new ArrayList<>();
        for (int i = 0; i < issuerIds.size(); i++) {
            boolean ours = issuerIds.get(i).filter(signer.issuerId()::equals).isPresent();
            statuses.add(ours ? lookup(signer.issuerId(), request.queries().get(i).serial()) : CertStatus.UNKNOWN);
        }
        Optional<ResponseCache.Key> key = request.queries().size() == 1 && request.nonce().isEmpty()
                ? Optional.of(new ResponseCache.Key(signer.issuerId(), ByteBuffer.wrap(request.queries().getFirst().der()),
                        statuses.getFirst()))
                : Optional.empty();
        Optional<OcspAnswer> cached = key.flatMap(k -> cache.fresh(k, signer, now));
        if (cached.isPresent()) {
            return cached.get();
        }
        OcspAnswer signed = sign(request, statuses, signer, now);
        key.ifPresent(k -> cache.put(k, signer, signed));
        return signed;
    }

    private CertStatus lookup(String issuerId, BigInteger serial) {
        if (serial.signum() <= 0 || serial.bitLength() > MAX_SERIAL_BITS) {
            return CertStatus.UNKNOWN; // Sigil never issues such a serial
        }
        Optional<CertificateRecord> found = certificates.find(issuerId, SerialNumbers.hex(serial));
        return found.map(CertStatus::of).orElse(CertStatus.UNKNOWN);
    }

    private OcspAnswer sign(ParsedRequest request, List<CertStatus> statuses, OcspSigner signer, Instant now)
            throws OCSPException, IOException {
        Instant nextUpdate = now.plus(validity);
        if (nextUpdate.isAfter(signer.notAfter())) {
            nextUpdate = signer.notAfter(); // no promise beyond the signer's own validity
        }
        BasicOCSPRespBuilder b = new BasicOCSPRespBuilder(signer.responderId());
        for (int i = 0; i < statuses.size(); i++) {
            b.addResponse(request.queries().get(i).id(), statuses.get(i).toBc(), Date.from(now), Date.from(nextUpdate));
        }
        request.nonce().ifPresent(n -> b.setResponseExtensions(new Extensions(n)));
        BasicOCSPResp basic = b.build(signer.contentSigner(), new X509CertificateHolder[]{signer.certificate()},
                Date.from(now));
        byte[] der = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        return new OcspAnswer(der, OCSPRespBuilder.SUCCESSFUL, Optional.of(now), Optional.of(nextUpdate));
    }

    private static OcspAnswer internalError(Exception e) {
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        LOG.log(System.Logger.Level.ERROR, "incident " + HexFormat.of().formatHex(id) + " answering an OCSP request", e);
        return error(OCSPRespBuilder.INTERNAL_ERROR);
    }

    /** An unsigned error response (RFC 6960 §4.2.1: no responseBytes). */
    static OcspAnswer error(int status) {
        try {
            return new OcspAnswer(new OCSPRespBuilder().build(status, null).getEncoded(), status,
                    Optional.empty(), Optional.empty());
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException("cannot encode an OCSP error status", e);
        }
    }

    /** Cached signed answers (for tests and metrics). */
    int cachedAnswers() {
        return cache.size();
    }
}

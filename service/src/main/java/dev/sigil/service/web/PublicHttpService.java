package dev.sigil.service.web;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.crl.CrlService;
import dev.sigil.service.ca.x509.Pem;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.web.RelyingPartyListener.Request;
import dev.sigil.service.web.RelyingPartyListener.Response;
import dev.sigil.service.web.RelyingPartyListener.Route;
import dev.sigil.storage.crl.PublishedCrl;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The plain-HTTP surface for relying parties: CA certificates (the AIA caIssuers URLs), CRLs (the CDP URLs) and
 * delta CRLs (the Freshest CRL URLs in the CRLs).
 * No authentication, as with every public CA: all of it is public, and all of it is signed. Served on the
 * {@link RelyingPartyListener}, which speaks HTTP/1.0 as well as 1.1 (OpenSSL-based CRL fetchers send 1.0).
 */
public final class PublicHttpService implements RelyingPartyListener.Service {

    static final String PKIX_CERT = "application/pkix-cert";
    static final String PKIX_CRL = "application/pkix-crl";
    static final String PEM_FILE = "application/x-pem-file";
    /** How long caches may keep a CA certificate: it changes only when an intermediate is rotated. */
    static final Duration CA_MAX_AGE = Duration.ofHours(1);
    /** Longest a cache may serve a CRL without revalidating (ETag makes revalidation cheap). */
    static final Duration CRL_MAX_AGE = Duration.ofMinutes(5);
    private static final String CA = "/ca/";
    private static final String CRL = "/crl/";
    /** The delta CRL of an issuer (CaUrls.deltaCrl): issuer ids have no dots, so this never names a full CRL. */
    private static final String DELTA_SUFFIX = ".delta.crl";

    private final IssuerRegistry issuers;
    private final CrlService crls;
    private final Clock clock;

    public PublicHttpService(IssuerRegistry issuers, CrlService crls, Clock clock) {
        this.issuers = issuers;
        this.crls = crls;
        this.clock = clock;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.get(CA + "root.pem", req -> pem(issuers.root(clock.instant()))),
                Route.get(CA, this::caFile),
                Route.get(CRL, this::crl));
    }

    private Response caFile(Request req) {
        String file = file(req, CA);
        if (file.endsWith(".crt") || file.endsWith(".der")) {
            return ca(PKIX_CERT, issuer(file).record().certificateDer());
        }
        if (file.endsWith(".pem")) {
            return pem(issuer(file));
        }
        throw SigilException.notFound("no such CA file (use ISSUER.crt, ISSUER.pem or root.pem)");
    }

    private Response crl(Request req) {
        String file = file(req, CRL);
        if (file.endsWith(DELTA_SUFFIX)) {
            return crl(req, crls.currentDelta(file.substring(0, file.length() - DELTA_SUFFIX.length())));
        }
        if (!file.endsWith(".crl")) {
            throw SigilException.notFound("no such CRL (use ISSUER.crl, or ISSUER.delta.crl for the delta CRL)");
        }
        return crl(req, crls.current(file.substring(0, file.length() - 4)));
    }

    /**
     * A CRL (full or delta) with validators and a lifetime: ETag (its SHA-256) and Last-Modified (thisUpdate) for
     * conditional GETs, Expires at nextUpdate, and a max-age that ends at nextUpdate but not later than
     * {@link #CRL_MAX_AGE}, so that caches pick up a new delta after a revocation within minutes.
     */
    private Response crl(Request req, CrlService.Served served) {
        PublishedCrl crl = served.crl();
        String etag = "\"" + crl.sha256() + "\"";
        long untilNext = Math.max(0, Duration.between(clock.instant(), crl.nextUpdate()).toSeconds());
        Response base = req.header("If-None-Match").map(v -> v.contains(etag)).orElse(false)
                ? Response.notModified()
                : Response.ok(PKIX_CRL, served.der());
        return base.header("ETag", etag)
                .header("Last-Modified", http(crl.thisUpdate()))
                .header("Expires", http(crl.nextUpdate()))
                .header("Cache-Control", "public, max-age=" + Math.min(untilNext, CRL_MAX_AGE.toSeconds())
                        + ", no-transform, must-revalidate");
    }

    /** The one path segment after {@code prefix}; anything deeper names no file. */
    private static String file(Request req, String prefix) {
        String file = req.path().substring(prefix.length());
        if (file.contains("/")) {
            throw SigilException.notFound("no such resource: " + req.path());
        }
        return file;
    }

    private static String http(Instant t) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
    }

    private SigningIssuer issuer(String file) {
        String id = file.substring(0, file.lastIndexOf('.'));
        return issuers.find(id).orElseThrow(() -> SigilException.notFound("no issuer " + id));
    }

    private static Response pem(SigningIssuer issuer) {
        return ca(PEM_FILE, Pem.certificate(issuer.record().certificateDer()).getBytes(StandardCharsets.US_ASCII));
    }

    private static Response ca(String type, byte[] body) {
        return Response.ok(type, body).header("Cache-Control", "public, max-age=" + CA_MAX_AGE.toSeconds());
    }
}

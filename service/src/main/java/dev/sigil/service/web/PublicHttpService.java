package dev.sigil.service.web;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.crl.CrlService;
import dev.sigil.service.ca.x509.Pem;
import dev.sigil.service.ca.x509.SigningIssuer;
import dev.sigil.service.error.SigilException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The plain-HTTP surface for relying parties: CA certificates (the AIA caIssuers URLs) and CRLs (the CDP URLs).
 * No authentication, as with every public CA: all of it is public, and all of it is signed.
 */
public final class PublicHttpService implements HttpService {

    static final String PKIX_CERT = "application/pkix-cert";
    static final String PKIX_CRL = "application/pkix-crl";
    static final String PEM_FILE = "application/x-pem-file";

    private final IssuerRegistry issuers;
    private final CrlService crls;
    private final Clock clock;

    public PublicHttpService(IssuerRegistry issuers, CrlService crls, Clock clock) {
        this.issuers = issuers;
        this.crls = crls;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/ca/root.pem", (req, res) -> {
                    SigningIssuer root = issuers.root(clock.instant());
                    send(res, PEM_FILE, Pem.certificate(root.record().certificateDer()).getBytes(StandardCharsets.US_ASCII), 3600);
                })
                .get("/ca/{file}", (req, res) -> {
                    String file = req.path().pathParameters().get("file");
                    if (file.endsWith(".crt") || file.endsWith(".der")) {
                        send(res, PKIX_CERT, issuer(file).record().certificateDer(), 3600);
                    } else if (file.endsWith(".pem")) {
                        send(res, PEM_FILE, Pem.certificate(issuer(file).record().certificateDer())
                                .getBytes(StandardCharsets.US_ASCII), 3600);
                    } else {
                        throw SigilException.notFound("no such CA file (use ISSUER.crt, ISSUER.pem or root.pem)");
                    }
                })
                .get("/crl/{file}", (req, res) -> {
                    String file = req.path().pathParameters().get("file");
                    if (!file.endsWith(".crl")) {
                        throw SigilException.notFound("no such CRL (use ISSUER.crl)");
                    }
                    CrlService.SignedCrl crl = crls.current(file.substring(0, file.length() - 4));
                    res.header(HeaderNames.LAST_MODIFIED, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                            .format(crl.thisUpdate().atOffset(java.time.ZoneOffset.UTC)));
                    send(res, PKIX_CRL, crl.der(), CrlService.CACHE_TTL.toSeconds());
                });
    }

    private SigningIssuer issuer(String file) {
        String id = file.substring(0, file.lastIndexOf('.'));
        return issuers.find(id).orElseThrow(() -> SigilException.notFound("no issuer " + id));
    }

    private static void send(ServerResponse res, String type, byte[] body, long maxAgeSeconds) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, type);
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=" + maxAgeSeconds);
        res.send(body);
    }
}

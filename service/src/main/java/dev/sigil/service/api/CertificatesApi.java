package dev.sigil.service.api;

import dev.sigil.service.auth.Role;
import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.ca.issuance.IssuanceService;
import dev.sigil.service.ca.issuance.IssueRequest;
import dev.sigil.service.ca.issuance.IssuedCertificate;
import dev.sigil.service.ca.profile.Profiles;
import dev.sigil.service.ca.revocation.RevocationReason;
import dev.sigil.service.ca.revocation.RevocationService;
import dev.sigil.service.config.Durations;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.certificate.CertificateQuery;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateRepository;
import dev.sigil.storage.certificate.Page;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /api/v1/certificates}: issue, search, show, revoke. Handlers parse, call a service, render. */
public final class CertificatesApi implements HttpService {

    /** Body of POST /certificates. */
    public record IssueBody(String csr, String profile, String ttl, String owner, String label) {
    }

    /** Body of POST /certificates/{serial}/revoke. */
    public record RevokeBody(String reason, String invalidityDate) {
    }

    private final IssuanceService issuance;
    private final RevocationService revocation;
    private final CertificateRepository certificates;
    private final IssuerRegistry issuers;
    private final Guard guard;
    private final Json json;
    private final Clock clock;

    public CertificatesApi(IssuanceService issuance, RevocationService revocation, CertificateRepository certificates,
                           IssuerRegistry issuers, Guard guard, Json json, Clock clock) {
        this.issuance = issuance;
        this.revocation = revocation;
        this.certificates = certificates;
        this.issuers = issuers;
        this.guard = guard;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/certificates", guard.require(Role.OPERATOR, (req, res, caller) -> {
                    IssueBody body = json.read(req, IssueBody.class);
                    IssuedCertificate issued = issuance.issue(toRequest(body), caller.name());
                    res.header(HeaderNames.LOCATION, "/api/v1/certificates/" + issued.record().serial());
                    json.send(res, Status.CREATED_201, CertificateJson.full(issued.record(), issued.chain(), clock.instant()));
                }))
                .get("/certificates", guard.require(Role.AUDITOR, (req, res, caller) -> {
                    Instant now = clock.instant();
                    Page<CertificateRecord> page = search(CertificateQueries.parse(req, now));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("items", page.items().stream().map(c -> CertificateJson.summary(c, now)).toList());
                    page.nextCursor().ifPresent(c -> out.put("nextCursor", c));
                    json.send(res, Status.OK_200, out);
                }))
                .get("/certificates/{serial}", guard.require(Role.AUDITOR, (req, res, caller) -> {
                    CertificateRecord c = revocation.find(req.path().pathParameters().get("serial"), param(req, "issuer"));
                    json.send(res, Status.OK_200, CertificateJson.full(c, chainOf(c), clock.instant()));
                }))
                .post("/certificates/{serial}/revoke", guard.require(Role.OPERATOR, (req, res, caller) -> {
                    RevokeBody body = json.read(req, RevokeBody.class);
                    RevocationReason reason = RevocationReason.parseRequested(body.reason());
                    Optional<Instant> invalidity = CertificateJson.nonBlank(body.invalidityDate()).map(t -> instant("invalidityDate", t));
                    CertificateRecord c = revocation.revoke(req.path().pathParameters().get("serial"), param(req, "issuer"),
                            reason, invalidity, caller.name());
                    json.send(res, Status.OK_200, CertificateJson.summary(c, clock.instant()));
                }));
    }

    private Page<CertificateRecord> search(CertificateQuery query) {
        try {
            return certificates.search(query);
        } catch (IllegalArgumentException e) { // the only argument not checked before: the cursor
            throw SigilException.malformed("cursor: not a cursor of this listing (" + e.getMessage()
                    + "); start again without it");
        }
    }

    private List<byte[]> chainOf(CertificateRecord c) {
        return issuers.find(c.issuerId()).map(IssuanceService::chainFor).orElse(List.of());
    }

    private static IssueRequest toRequest(IssueBody b) {
        if (b.csr() == null || b.csr().isBlank()) {
            throw SigilException.malformed("the field 'csr' (a PEM certificate signing request) is required");
        }
        Optional<Duration> ttl = CertificateJson.nonBlank(b.ttl()).map(t -> {
            try {
                return Durations.parse(t);
            } catch (IllegalArgumentException e) {
                throw SigilException.malformed("ttl: " + e.getMessage());
            }
        });
        try {
            return new IssueRequest(b.csr(), CertificateJson.nonBlank(b.profile()).orElse(Profiles.SERVER), ttl,
                    CertificateJson.nonBlank(b.owner()), CertificateJson.nonBlank(b.label()));
        } catch (IllegalArgumentException e) {
            throw SigilException.malformed(e.getMessage());
        }
    }

    static Optional<String> param(ServerRequest req, String name) {
        return req.query().first(name).asOptional().flatMap(CertificateJson::nonBlank);
    }

    static Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw SigilException.malformed(field + " must be an RFC 3339 UTC time like 2026-11-23T20:00:00Z");
        }
    }
}

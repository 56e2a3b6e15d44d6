package dev.sigil.service.api;

import dev.sigil.service.acme.accounts.AcmeAccounts;
import dev.sigil.service.auth.Role;
import dev.sigil.service.ca.revocation.RevocationReason;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeAccountSummary;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.certificate.CertificateRecord;
import dev.sigil.storage.certificate.CertificateStatus;
import dev.sigil.storage.certificate.Page;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /api/v1/acme/accounts}: operators' view of ACME accounts and the two incident actions, deactivating an
 * account and revoking everything it holds. GET /accounts, /accounts/{id}, /accounts/{id}/certificates (auditor);
 * POST /accounts/{id}/deactivate, /accounts/{id}/revoke-certificates (operator).
 */
public final class AcmeAccountsApi implements HttpService {

    /** Body of POST /accounts/{id}/revoke-certificates. */
    public record RevokeCertificatesBody(String reason, Boolean deactivate) {
    }

    private final AcmeAccounts accounts;
    private final Guard guard;
    private final Json json;
    private final Clock clock;

    public AcmeAccountsApi(AcmeAccounts accounts, Guard guard, Json json, Clock clock) {
        this.accounts = accounts;
        this.guard = guard;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/accounts", guard.require(Role.AUDITOR, (req, res, caller) -> {
                    Page<AcmeAccountSummary> page = accounts.list(CertificatesApi.param(req, "directory"),
                            CertificatesApi.param(req, "status").map(s -> parse(s, AcmeStatus.Account.class,
                                    "status must be valid, deactivated or revoked")),
                            limit(req), CertificatesApi.param(req, "cursor"));
                    json.send(res, Status.OK_200, page(page, AcmeAccountsApi::account));
                }))
                .get("/accounts/{id}", guard.require(Role.AUDITOR, (req, res, caller) ->
                        json.send(res, Status.OK_200, account(accounts.get(id(req))))))
                .get("/accounts/{id}/certificates", guard.require(Role.AUDITOR, (req, res, caller) -> {
                    Page<CertificateRecord> page = accounts.certificates(id(req),
                            CertificatesApi.param(req, "status").map(s -> parse(s, CertificateStatus.class,
                                    "status must be valid, revoked or expired")),
                            limit(req), CertificatesApi.param(req, "cursor"));
                    Instant now = clock.instant();
                    json.send(res, Status.OK_200, page(page, c -> CertificateJson.summary(c, now)));
                }))
                .post("/accounts/{id}/deactivate", guard.require(Role.OPERATOR, (req, res, caller) ->
                        json.send(res, Status.OK_200, account(accounts.deactivate(id(req), caller.name())))))
                .post("/accounts/{id}/revoke-certificates", guard.require(Role.OPERATOR, (req, res, caller) -> {
                    RevokeCertificatesBody body = json.read(req, RevokeCertificatesBody.class);
                    RevocationReason reason = RevocationReason.parseRequested(body.reason());
                    AcmeAccounts.Revocations done = accounts.revokeCertificates(id(req), reason,
                            Boolean.TRUE.equals(body.deactivate()), caller.name());
                    json.send(res, Status.OK_200, revocations(done, reason));
                }));
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    private static int limit(ServerRequest req) {
        return CertificatesApi.param(req, "limit").map(l -> {
            try {
                int n = Integer.parseInt(l);
                if (n < 1 || n > AcmeAccounts.MAX_LIMIT) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw SigilException.malformed("limit must be 1.." + AcmeAccounts.MAX_LIMIT);
            }
        }).orElse(AcmeAccounts.DEFAULT_LIMIT);
    }

    private static <E extends Enum<E>> E parse(String text, Class<E> type, String problem) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw SigilException.malformed(problem);
        }
    }

    private static <T> Map<String, Object> page(Page<T> page, Function<T, Map<String, Object>> render) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", page.items().stream().map(render).toList());
        page.nextCursor().ifPresent(c -> out.put("nextCursor", c));
        return out;
    }

    /** The account JSON of docs/API.md: the account, never its key, and what it holds. */
    static Map<String, Object> account(AcmeAccountSummary s) {
        AcmeAccount a = s.account();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("directory", a.directory());
        m.put("status", a.status().name().toLowerCase(Locale.ROOT));
        m.put("contacts", a.contacts());
        m.put("termsAgreed", a.termsAgreed());
        m.put("createdAt", a.createdAt().toString());
        m.put("keyThumbprint", a.keyThumbprint());
        a.eabKeyId().ifPresent(k -> m.put("eabKeyId", k));
        m.put("orders", s.orders());
        m.put("certificates", s.certificates());
        m.put("validCertificates", s.validCertificates());
        return m;
    }

    private static Map<String, Object> revocations(AcmeAccounts.Revocations r, RevocationReason reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", account(r.account()));
        m.put("reason", reason.rfcName());
        m.put("revoked", r.revoked().size());
        m.put("alreadyRevoked", r.alreadyRevoked());
        m.put("expired", r.expired());
        m.put("deactivated", r.deactivated());
        m.put("serials", r.revoked().stream()
                .sorted(Comparator.comparing(CertificateRecord::issuerId).thenComparing(CertificateRecord::serial))
                .map(CertificateRecord::serial).toList());
        return m;
    }
}

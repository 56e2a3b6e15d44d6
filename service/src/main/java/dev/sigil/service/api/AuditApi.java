package dev.sigil.service.api;

import dev.sigil.service.auth.Role;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.audit.AuditQuery;
import dev.sigil.storage.audit.AuditRecord;
import dev.sigil.storage.audit.AuditRepository;
import dev.sigil.storage.audit.AuditVerification;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/v1/audit}: read and verify the hash-chained audit log. */
public final class AuditApi implements HttpService {

    static final int DEFAULT_LIMIT = 100;

    private final AuditRepository audit;
    private final Guard guard;
    private final Json json;

    public AuditApi(AuditRepository audit, Guard guard, Json json) {
        this.audit = audit;
        this.guard = guard;
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/audit", guard.require(Role.AUDITOR, (req, res, caller) -> {
                    long after = CertificatesApi.param(req, "after").map(a -> parseLong("after", a)).orElse(0L);
                    int limit = CertificatesApi.param(req, "limit").map(l -> (int) parseLong("limit", l)).orElse(DEFAULT_LIMIT);
                    if (limit < 1 || limit > AuditQuery.MAX_LIMIT) {
                        throw SigilException.malformed("limit must be 1.." + AuditQuery.MAX_LIMIT);
                    }
                    AuditQuery q = new AuditQuery(CertificatesApi.param(req, "actor"), CertificatesApi.param(req, "action"),
                            CertificatesApi.param(req, "target"),
                            CertificatesApi.param(req, "from").map(t -> CertificatesApi.instant("from", t)),
                            CertificatesApi.param(req, "to").map(t -> CertificatesApi.instant("to", t)), after, limit);
                    json.send(res, Status.OK_200, Map.of("items", audit.list(q).stream().map(AuditApi::record).toList()));
                }))
                .get("/audit/verify", guard.require(Role.AUDITOR, (req, res, caller) -> {
                    AuditVerification v = audit.verify();
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("intact", v.intact());
                    m.put("records", v.records());
                    v.firstBrokenSeq().ifPresent(s -> m.put("firstBrokenSeq", s));
                    v.problem().ifPresent(p -> m.put("problem", p));
                    json.send(res, Status.OK_200, m);
                }));
    }

    private static long parseLong(String name, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw SigilException.malformed(name + " must be a number");
        }
    }

    private static Map<String, Object> record(AuditRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", r.seq());
        m.put("at", r.event().at().toString());
        m.put("actor", r.event().actor());
        m.put("action", r.event().action());
        m.put("target", r.event().target());
        m.put("outcome", r.event().outcome());
        m.put("details", r.event().details());
        m.put("hash", r.hash());
        return m;
    }
}

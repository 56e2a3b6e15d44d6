package dev.sigil.service.web;

import dev.sigil.service.api.Json;
import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.service.metrics.SigilMetrics;
import dev.sigil.storage.Database;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /health} (database reachable, an issuing CA key loaded and valid) and {@code /metrics} (Prometheus). */
public final class ObserveService implements HttpService {

    private final Database db;
    private final IssuerRegistry issuers;
    private final SigilMetrics metrics;
    private final Json json;
    private final Clock clock;

    public ObserveService(Database db, IssuerRegistry issuers, SigilMetrics metrics, Json json, Clock clock) {
        this.db = db;
        this.issuers = issuers;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/health", (req, res) -> {
                    boolean dbUp = db.ping();
                    boolean keysUp;
                    try {
                        issuers.issuing(clock.instant());
                        keysUp = true;
                    } catch (IllegalStateException e) {
                        keysUp = false;
                    }
                    Map<String, Object> checks = new LinkedHashMap<>();
                    checks.put("database", dbUp ? "UP" : "DOWN");
                    checks.put("keys", keysUp ? "UP" : "DOWN");
                    boolean up = dbUp && keysUp;
                    json.send(res, up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503,
                            Map.of("status", up ? "UP" : "DOWN", "checks", checks));
                })
                .get("/metrics", (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    res.send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
                });
    }
}

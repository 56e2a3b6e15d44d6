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

/** {@code /health} (database reachable, an issuing CA key loaded and valid) and {@code /metrics} (Prometheus). */
public final class ObserveService implements HttpService {

    private final ServerHealth health;
    private final SigilMetrics metrics;
    private final Json json;

    public ObserveService(Database db, IssuerRegistry issuers, SigilMetrics metrics, Json json, Clock clock) {
        this.health = new ServerHealth(db, issuers, clock);
        this.metrics = metrics;
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/health", (req, res) -> {
                    ServerHealth.Report report = health.check();
                    json.send(res, report.up() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, report.json());
                })
                .get("/metrics", (req, res) -> {
                    res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    res.send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
                });
    }
}

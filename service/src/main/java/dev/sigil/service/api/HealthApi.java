package dev.sigil.service.api;

import dev.sigil.service.web.ServerHealth;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * {@code GET /api/v1/health}: the observe listener's {@code /health} on the HTTPS listener, without a token (it tells
 * no more than that listener does), for clients that reach only this port: {@code sigil doctor}, load balancers.
 */
public final class HealthApi implements HttpService {

    private final ServerHealth health;
    private final Json json;

    public HealthApi(ServerHealth health, Json json) {
        this.health = health;
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/health", (req, res) -> {
            ServerHealth.Report report = health.check();
            json.send(res, report.up() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503, report.json());
        });
    }
}

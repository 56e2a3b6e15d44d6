package dev.sigil.service.web;

import dev.sigil.service.ca.IssuerRegistry;
import dev.sigil.storage.Database;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether this node can serve: the database answers and an issuing CA key is loaded and valid. Served as
 * {@code /health} on the observe listener and as {@code /api/v1/health} on the HTTPS listener (for clients that reach
 * only that port: {@code sigil doctor}, load balancers).
 */
public final class ServerHealth {

    /**
     * The outcome.
     *
     * @param up     every check is up
     * @param checks each check, {@code UP} or {@code DOWN}, in a stable order
     */
    public record Report(boolean up, Map<String, String> checks) {

        /** {@code {"status": "UP"|"DOWN", "checks": {...}}}. */
        public Map<String, Object> json() {
            return Map.of("status", up ? "UP" : "DOWN", "checks", checks);
        }
    }

    private final Database db;
    private final IssuerRegistry issuers;
    private final Clock clock;

    public ServerHealth(Database db, IssuerRegistry issuers, Clock clock) {
        this.db = db;
        this.issuers = issuers;
        this.clock = clock;
    }

    public Report check() {
        boolean dbUp = db.ping();
        boolean keysUp;
        try {
            issuers.issuing(clock.instant());
            keysUp = true;
        } catch (IllegalStateException e) {
            keysUp = false;
        }
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("database", dbUp ? "UP" : "DOWN");
        checks.put("keys", keysUp ? "UP" : "DOWN");
        return new Report(dbUp && keysUp, checks);
    }
}

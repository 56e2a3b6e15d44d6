package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.testing.ApiClient;
import dev.sigil.service.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every admin API route documented in docs/API.md, called with every kind of caller: no token, a malformed one, an
 * unknown one, a revoked one, auditor, operator, admin, and a workload token of another managed certificate. A caller
 * below the route's role gets 403, a caller without a valid token 401, and a caller with the role anything but those
 * two (the dummy path parameters and empty bodies make most answers 400 or 404). The routes come from the documented
 * table, so a route added to the API and its docs is checked without touching this test.
 */
class AuthorizationMatrixTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** `METHOD /path` in the first cell of an admin API table row. */
    private static final Pattern ROUTE = Pattern.compile("`(GET|POST|PUT|PATCH|DELETE) (/[^`\\s]*)`");
    private static final List<String> LADDER = List.of("auditor", "operator", "admin");
    /** A route documented as needing no token (GET /health): every caller gets through. */
    private static final String PUBLIC = "none";

    @TempDir
    static Path dir;
    static SigilServer server;
    static ApiClient api;
    static final Map<String, String> callers = new LinkedHashMap<>();
    static String ownWorkload;

    /** A documented route and the role its row names. */
    record Route(String method, String path, String role, boolean scoped) {
        @Override
        public String toString() {
            return method + " " + path + " (" + role + (scoped ? " or scoped workload" : "") + ")";
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("data"), Map.of());
        api = new ApiClient(server.started().rootPem(), server.httpsPort());
        String admin = TestServer.adminToken(server);
        callers.put("admin", admin);
        callers.put("operator", token(admin, "matrix-operator", "operator").path("token").asText());
        callers.put("auditor", token(admin, "matrix-auditor", "auditor").path("token").asText());
        JsonNode revoked = token(admin, "matrix-revoked", "admin");
        assertThat(api.send("DELETE", "/api/v1/tokens/" + revoked.path("id").asText(), admin, null, null).statusCode())
                .isEqualTo(204);
        callers.put("revoked", revoked.path("token").asText());
        callers.put("unknown", "sgl_" + "A".repeat(43));
        callers.put("malformed", "not a token");
        callers.put("none", null);
        for (String name : List.of("matrix-own", "matrix-other")) {
            HttpResponse<String> created = api.postJson("/api/v1/managed", admin, JSON.writeValueAsString(Map.of(
                    "name", name, "commonName", name + ".internal", "sans", List.of("dns:" + name + ".internal"),
                    "lifetime", "30d")));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
        callers.put("workload-of-other", workload(admin, "matrix-other"));
        ownWorkload = workload(admin, "matrix-own");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode token(String admin, String name, String role) throws Exception {
        HttpResponse<String> r = api.postJson("/api/v1/tokens", admin, JSON.writeValueAsString(Map.of("name", name, "role", role)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }

    static String workload(String admin, String managed) throws Exception {
        HttpResponse<String> r = api.postJson("/api/v1/managed/" + managed + "/tokens", admin,
                JSON.writeValueAsString(Map.of("name", managed + "-workload")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("secret").asText();
    }

    /** The admin API table of docs/API.md. */
    static List<Route> documentedRoutes() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "API.md"));
        int start = doc.indexOf("## Admin API");
        int end = doc.indexOf("\n## ", start + 1);
        List<Route> routes = new ArrayList<>();
        for (String line : doc.substring(start, end).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("(?<!\\\\)\\|");
            String roleCell = cells[2].strip();
            String role = LADDER.stream().filter(roleCell::startsWith).findFirst()
                    .orElse(roleCell.startsWith("any") ? "auditor" : roleCell.startsWith("none") ? PUBLIC : null);
            assertThat(role).as("role of " + line).isNotNull();
            boolean scoped = roleCell.contains("workload");
            Matcher m = ROUTE.matcher(cells[1]);
            while (m.find()) {
                routes.add(new Route(m.group(1), m.group(2), role, scoped));
            }
        }
        return routes;
    }

    /** Fills path parameters with values that name nothing (so allowed callers change nothing either). */
    static String concrete(String path) {
        return path.replace("{name}", "matrix-none").replace("{serial}", "0badc0de").replace("{id}", "0")
                .replaceAll("\\{[^}]+}", "none");
    }

    @Test
    void everyDocumentedRouteRefusesWhomItMustAndOnlyThem() throws Exception {
        List<Route> routes = documentedRoutes();
        assertThat(routes).as("routes parsed from docs/API.md").hasSizeGreaterThan(30);
        assertThat(routes).extracting(Route::toString).contains("POST /certificates (operator)",
                "DELETE /tokens/{id} (admin)", "GET /audit (auditor)");
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Route route : routes) {
            String path = "/api/v1" + concrete(route.path());
            String body = route.method().equals("POST") || route.method().equals("PUT") ? "{}" : null;
            for (Map.Entry<String, String> caller : callers.entrySet()) {
                HttpResponse<String> r = api.send(route.method(), path, caller.getValue(),
                        body == null ? null : "application/json", body);
                calls++;
                int expected = expected(route, caller.getKey());
                int got = r.statusCode();
                boolean ok = expected == 0 ? got != 401 && got != 403 && got < 500 : got == expected;
                if (expected != 0 && ok) {
                    ok = r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
                }
                if (!ok) {
                    wrong.add(route + " as " + caller.getKey() + ": " + got + " (expected "
                            + (expected == 0 ? "neither 401 nor 403, no 5xx" : expected) + ") " + r.body());
                }
            }
        }
        assertThat(wrong).as(calls + " calls").isEmpty();
    }

    /** 401, 403, or 0 for "let through". */
    static int expected(Route route, String caller) {
        if (route.role().equals(PUBLIC)) {
            return 0;
        }
        return switch (caller) {
            case "none", "malformed", "unknown", "revoked" -> 401;
            case "workload-of-other" -> 403; // no ladder role, and scoped to a certificate no route here names
            default -> LADDER.indexOf(caller) >= LADDER.indexOf(route.role()) ? 0 : 403;
        };
    }

    @Test
    void aWorkloadTokenReadsItsOwnCredentialAndNothingElse() throws Exception {
        HttpResponse<String> own = api.get("/api/v1/managed/matrix-own/credential", ownWorkload);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(own.body()).contains("-----BEGIN CERTIFICATE-----");
        HttpResponse<String> other = api.get("/api/v1/managed/matrix-other/credential", ownWorkload);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(api.get("/api/v1/managed/matrix-own", ownWorkload).statusCode()).isEqualTo(403);
        assertThat(api.get("/api/v1/certificates", ownWorkload).statusCode()).isEqualTo(403);
    }
}

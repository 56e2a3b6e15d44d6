package dev.sigil.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.CliVersion;
import dev.sigil.cli.config.ConfigException;
import dev.sigil.cli.config.ConnectionFlags;
import dev.sigil.cli.config.ConnectionSettings;
import dev.sigil.cli.config.SettingsResolver;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.http.TransportException;
import dev.sigil.cli.output.Terminal;

import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The checks of {@code sigil doctor}, in the order a connection is built: settings, DNS, TCP, TLS, HTTP, then what
 * the server says: the token and its role, the clock, the CAs' expiry and the server's health. A failed layer ends
 * the connection checks (everything above it would fail for the same reason).
 */
public final class Doctor {

    /** Connect and handshake timeout of the connection checks. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, String> env;
    private final Clock clock;
    private final Optional<PrintStream> debug;

    /**
     * @param env   the environment the settings are resolved from
     * @param clock this machine's clock, compared with the server's
     * @param debug where to log HTTP requests, if anywhere
     */
    public Doctor(Map<String, String> env, Clock clock, Optional<PrintStream> debug) {
        this.env = env;
        this.clock = clock;
        this.debug = debug;
    }

    /** Runs the checks; never throws for what it finds, only reports it. */
    public List<Check> run(ConnectionFlags flags) {
        List<Check> checks = new ArrayList<>();
        SettingsResolver.Lenient resolved;
        try {
            resolved = new SettingsResolver(env).resolveLeniently(flags);
        } catch (ConfigException e) {
            checks.add(Check.fail("config", firstLine(e.getMessage())));
            return checks;
        }
        ConnectionSettings s = resolved.settings();
        checks.add(Check.ok("config", "server " + s.server() + " (" + s.serverSource() + "), CA "
                + s.caCert().map(p -> p + " (" + s.caCertSource() + ")").orElse("from the JDK's trust store")));

        Connectivity net = new Connectivity(TIMEOUT, clock);
        Connectivity.Step<List<InetAddress>> dns = net.dns(s.server());
        checks.add(dns.check());
        if (!dns.passed()) {
            return checks;
        }
        Connectivity.Step<InetAddress> tcp = net.tcp(s.server(), dns.result().orElseThrow());
        checks.add(tcp.check());
        if (!tcp.passed()) {
            return checks;
        }
        Connectivity.Step<?> tls = net.tls(s, tcp.result().orElseThrow());
        checks.add(tls.check());
        if (!tls.passed()) {
            return checks;
        }
        try (SigilClient client = SigilClient.connect(s, CliVersion.userAgent(), debug)) {
            serverChecks(client, s, resolved.tokenProblem(), checks);
        } catch (ConfigException e) {
            checks.add(Check.fail("TLS", firstLine(e.getMessage())));
        }
        return checks;
    }

    private void serverChecks(SigilClient client, ConnectionSettings s, Optional<ConfigException> tokenProblem,
                              List<Check> checks) {
        SigilClient.Answer health;
        Instant answered;
        try {
            health = client.probe("/health");
            // The server stamped its Date somewhere during the request: halfway is the best guess.
            answered = clock.instant().minus(health.took().dividedBy(2));
        } catch (TransportException e) {
            checks.add(Check.fail("HTTP", e.getMessage()));
            return;
        }
        checks.add(Check.ok("HTTP", "GET " + SigilClient.API_PATH + "/health answered " + health.status() + " in "
                + health.took().toMillis() + " ms"));

        boolean tokenOk = false;
        if (tokenProblem.isPresent()) {
            checks.add(Check.fail("token", firstLine(tokenProblem.get().getMessage()) + "; fix: sigil login"));
        } else {
            tokenOk = token(client, s, checks);
        }
        checks.add(ClockSkew.check(health.date(), answered));
        if (tokenOk) {
            expiry(client, checks);
        }
        checks.add(health(health));
    }

    /** {@code GET /whoami}: is the token accepted, and with which role. */
    private static boolean token(SigilClient client, ConnectionSettings s, List<Check> checks) {
        SigilClient.Answer me;
        try {
            me = client.probe("/whoami");
        } catch (TransportException e) {
            checks.add(Check.fail("token", "not checked: " + e.getMessage()));
            return false;
        }
        switch (me.status()) {
            case 200 -> {
                JsonNode body = me.body().orElse(null);
                checks.add(Check.ok("token", Terminal.clean(ApiJson.textOrEmpty(body, "name")) + " (role "
                        + Terminal.clean(ApiJson.textOrEmpty(body, "role")) + "), from " + s.tokenSource()));
                return true;
            }
            case 401 -> checks.add(Check.fail("token", "the server does not accept the token from "
                    + s.tokenSource() + " (mistyped, revoked or for another server); fix: sigil login"));
            case 403 -> checks.add(Check.warn("token", "accepted, but its role may not read /whoami: a workload"
                    + " token works only for 'sigil managed fetch'"));
            default -> checks.add(Check.fail("token", "GET " + SigilClient.API_PATH + "/whoami answered HTTP "
                    + me.status()));
        }
        return false;
    }

    private void expiry(SigilClient client, List<Check> checks) {
        try {
            SigilClient.Answer issuers = client.probe("/issuers");
            if (issuers.status() == 200 && issuers.body().isPresent()) {
                checks.addAll(CaExpiry.check(issuers.body().get(), clock.instant()));
            } else {
                checks.add(Check.warn("CA", "expiry not checked: GET " + SigilClient.API_PATH + "/issuers answered"
                        + " HTTP " + issuers.status()));
            }
        } catch (TransportException e) {
            checks.add(Check.warn("CA", "expiry not checked: " + e.getMessage()));
        }
    }

    private static Check health(SigilClient.Answer answer) {
        Optional<JsonNode> body = answer.body().filter(JsonNode::isObject);
        String status = body.flatMap(b -> ApiJson.text(b, "status")).orElse("");
        JsonNode parts = body.map(b -> b.get("checks")).orElse(null);
        String detail = parts == null || !parts.isObject() ? "" : " (" + parts.properties().stream()
                .map(e -> Terminal.clean(e.getKey()) + " " + Terminal.clean(e.getValue().asText()))
                .collect(Collectors.joining(", ")) + ")";
        if (answer.status() == 200 && status.equals("UP")) {
            return Check.ok("health", "UP" + detail);
        }
        if (answer.status() == 404) {
            return Check.warn("health", "not checked: this server has no " + SigilClient.API_PATH + "/health (older"
                    + " than this CLI); its observe listener serves /health");
        }
        return Check.fail("health", (status.isEmpty() ? "HTTP " + answer.status() : Terminal.clean(status)) + detail
                + ": the server cannot issue; see its log");
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message;
        int nl = m.indexOf('\n');
        return Terminal.clean(nl < 0 ? m : m.substring(0, nl));
    }
}

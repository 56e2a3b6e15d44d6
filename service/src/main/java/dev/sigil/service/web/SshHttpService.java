package dev.sigil.service.web;

import dev.sigil.service.error.SigilException;
import dev.sigil.service.ssh.KrlService;
import dev.sigil.service.ssh.SshCaKeys;
import dev.sigil.service.ssh.SshCas;
import dev.sigil.service.web.RelyingPartyListener.Request;
import dev.sigil.service.web.RelyingPartyListener.Response;
import dev.sigil.service.web.RelyingPartyListener.Route;
import dev.sigil.storage.ssh.SshCaType;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The public SSH files on the relying-party listener, without authentication (like CRLs: public keys and a signed-by-
 * nobody-but-fetched-by-hosts revocation list): the user CA key for sshd's {@code TrustedUserCAKeys}, the host CA key,
 * a ready {@code @cert-authority} known_hosts line, and the KRL for sshd's {@code RevokedKeys}.
 */
public final class SshHttpService implements RelyingPartyListener.Service {

    static final String TEXT = "text/plain; charset=utf-8";
    static final String OCTETS = "application/octet-stream";
    /** CA keys change only if an operator replaces the CA. */
    static final Duration CA_MAX_AGE = Duration.ofHours(1);
    /** Caches revalidate the KRL this often (a conditional GET with the version ETag costs nothing). */
    static final Duration KRL_MAX_AGE = Duration.ofMinutes(1);
    /** The known_hosts pattern when the request names none. */
    static final String DEFAULT_PATTERN = "*";

    private final SshCas cas;
    private final KrlService krl;

    public SshHttpService(SshCas cas, KrlService krl) {
        this.cas = cas;
        this.krl = krl;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.get("/ssh/user_ca.pub", req -> caKey(SshCaType.USER)),
                Route.get("/ssh/host_ca.pub", req -> caKey(SshCaType.HOST)),
                Route.get("/ssh/known_hosts", this::knownHosts),
                Route.get("/ssh/revoked_keys.krl", this::krl));
    }

    private Response caKey(SshCaType type) {
        String line = SshCaKeys.trustedUserCaKeysLine(cas.get(type).publicKey(), "sigil-ssh-" + type.wireName() + "-ca");
        return text(line + "\n");
    }

    private Response knownHosts(Request req) {
        String pattern = query(req, "pattern").orElse(DEFAULT_PATTERN);
        return text(SshCaKeys.knownHostsLine(pattern, cas.get(SshCaType.HOST).publicKey()) + "\n");
    }

    private Response krl(Request req) {
        KrlService.Served served = krl.current();
        String etag = "\"" + served.version() + "\"";
        Response base = req.header("If-None-Match").map(v -> v.contains(etag)).orElse(false)
                ? Response.notModified()
                : Response.ok(OCTETS, served.krl());
        return base.header("ETag", etag)
                .header("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        served.generatedAt().atOffset(ZoneOffset.UTC)))
                .header("Cache-Control", "public, max-age=" + KRL_MAX_AGE.toSeconds() + ", no-transform, must-revalidate");
    }

    private static Response text(String body) {
        return Response.ok(TEXT, body.getBytes(StandardCharsets.US_ASCII))
                .header("Cache-Control", "public, max-age=" + CA_MAX_AGE.toSeconds());
    }

    /** A query parameter of the request (the listener hands handlers the path only; the query is in the raw URI). */
    private static Optional<String> query(Request req, String name) {
        String raw = req.rawQuery();
        if (raw == null) {
            return Optional.empty();
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (value.isEmpty()) {
                    throw SigilException.malformed(name + " is empty");
                }
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}

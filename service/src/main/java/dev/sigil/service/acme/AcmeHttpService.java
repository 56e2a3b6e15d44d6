package dev.sigil.service.acme;

import dev.sigil.acme.AcmeFrontEnd;
import dev.sigil.acme.http.AcmeHttpRequest;
import dev.sigil.acme.http.AcmeHttpResponse;
import dev.sigil.service.web.BodyReader;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adapts Helidon to the protocol layer: {@code /acme/{directory}/...} on the HTTPS listener becomes an
 * {@link AcmeHttpRequest} for {@link AcmeFrontEnd#handle}, whose answer is written back verbatim. The request URL
 * the JWS {@code url} must equal is the configured public ACME URL, or {@code https://} plus the Host header.
 */
public final class AcmeHttpService implements HttpService {

    private final AcmeFrontEnd frontEnd;
    private final Optional<String> publicUrl;
    private final BodyReader bodies;
    private volatile AcmeRequestMetrics metrics = AcmeRequestMetrics.NONE;

    public AcmeHttpService(AcmeFrontEnd frontEnd, Optional<String> publicUrl, BodyReader bodies) {
        this.frontEnd = frontEnd;
        this.publicUrl = publicUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        this.bodies = bodies;
    }

    /** Counts every answer from now on (sigil_acme_requests_total). */
    void observe(AcmeRequestMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any("/*", this::handle);
    }

    private void handle(ServerRequest req, ServerResponse res) throws IOException {
        String full = req.path().absolute().path(); // /acme/{name}/...
        String rest = full.startsWith("/acme/") ? full.substring("/acme/".length()) : "";
        int slash = rest.indexOf('/');
        String directory = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        String base = publicUrl.orElseGet(() -> "https://" + req.authority());
        byte[] body = readBounded(req);
        AcmeHttpResponse answer = frontEnd.handle(new AcmeHttpRequest(req.prologue().method().text(), directory, path,
                base + full, req.headers().contentType().map(ct -> ct.text()), body,
                req.remotePeer().host()));
        metrics.answered(path, answer);
        res.status(Status.create(answer.status()));
        for (Map.Entry<String, List<String>> h : answer.headers().entrySet()) {
            HeaderName name = HeaderNames.create(h.getKey());
            res.header(name, h.getValue().toArray(String[]::new));
        }
        if (req.prologue().method() == Method.HEAD || answer.body().length == 0) {
            res.send();
        } else {
            res.send(answer.body());
        }
    }

    /**
     * Reads at most maxBody + 1 bytes, so that the front end sees an oversized body and answers with a problem; a
     * body that does not arrive in time ends the connection (BodyReader), with nothing left to answer.
     */
    private byte[] readBounded(ServerRequest req) throws IOException {
        return bodies.read(req);
    }
}

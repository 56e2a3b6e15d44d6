package dev.sigil.service.ca.ocsp;

import dev.sigil.service.web.RelyingPartyListener;
import dev.sigil.service.web.RelyingPartyListener.Request;
import dev.sigil.service.web.RelyingPartyListener.Response;
import dev.sigil.service.web.RelyingPartyListener.Route;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * OCSP over HTTP (RFC 6960 Appendix A, RFC 5019): {@code POST /ocsp} with the DER request as body, and
 * {@code GET /ocsp/{url-encoded base64 request}}. Every answer, errors included, is HTTP 200 with an
 * {@code application/ocsp-response} body: OCSP clients read the OCSPResponseStatus, not problem documents.
 * Successful GET answers may be cached by HTTP caches until nextUpdate (RFC 5019 §6); POST answers may not,
 * since they are not addressable by URL and may carry a nonce. Served on the {@link RelyingPartyListener}, which
 * speaks the HTTP/1.0 of OpenSSL's client ({@code openssl ocsp -url}, OCSP stapling in nginx and Apache).
 */
public final class OcspHttpService implements RelyingPartyListener.Service {

    static final String OCSP_REQUEST = "application/ocsp-request";
    static final String OCSP_RESPONSE = "application/ocsp-response";
    /** Largest POST body read; a request for 20 certificates is well under 4 KiB. */
    static final int MAX_BODY = 64 * 1024;
    static final String PREFIX = "/ocsp/";

    private final OcspResponder responder;
    private final Clock clock;

    public OcspHttpService(OcspResponder responder, Clock clock) {
        this.responder = responder;
        this.clock = clock;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.post("/ocsp", this::post), Route.get(PREFIX, this::get));
    }

    private Response post(Request req) throws IOException {
        byte[] body;
        try (InputStream in = req.body()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        OcspAnswer answer = body.length > MAX_BODY
                ? OcspResponder.error(OCSPRespBuilder.MALFORMED_REQUEST)
                : responder.respond(body);
        return send(answer).header("Cache-Control", "no-store");
    }

    private Response get(Request req) {
        OcspAnswer answer = decodeGet(req.rawPath())
                .map(responder::respond)
                .orElseGet(() -> OcspResponder.error(OCSPRespBuilder.MALFORMED_REQUEST));
        if (!answer.successful()) {
            return send(answer).header("Cache-Control", "no-store");
        }
        Instant thisUpdate = answer.thisUpdate().orElseThrow();
        Instant nextUpdate = answer.nextUpdate().orElseThrow();
        long maxAge = Math.max(0, Math.min(responder.validity().toSeconds(),
                Duration.between(clock.instant(), nextUpdate).toSeconds()));
        return send(answer)
                .header("Cache-Control", "public, max-age=" + maxAge + ", no-transform, must-revalidate")
                .header("Last-Modified", httpDate(thisUpdate))
                .header("Expires", httpDate(nextUpdate))
                .header("ETag", "\"" + sha256Hex(answer.der()) + "\"");
    }

    /**
     * The DER request in a GET path: everything after {@code /ocsp/}, percent-decoded (a literal '+' is base64,
     * not a space, so form decoding would corrupt it), then base64-decoded (base64url tolerated too).
     */
    static Optional<byte[]> decodeGet(String rawPath) {
        int at = rawPath.indexOf(PREFIX);
        if (at < 0) {
            return Optional.empty();
        }
        try {
            String b64 = URLDecoder.decode(rawPath.substring(at + PREFIX.length()).replace("+", "%2B"), StandardCharsets.UTF_8);
            if (b64.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Base64.getDecoder().decode(b64));
            } catch (IllegalArgumentException notStandard) {
                return Optional.of(Base64.getUrlDecoder().decode(b64));
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Response send(OcspAnswer answer) {
        return Response.ok(OCSP_RESPONSE, answer.der());
    }

    private static String httpDate(Instant t) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
    }

    private static String sha256Hex(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}

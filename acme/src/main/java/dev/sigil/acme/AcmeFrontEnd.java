package dev.sigil.acme;

import dev.sigil.acme.ari.RenewalWindow;
import dev.sigil.acme.directory.AcmeUrls;
import dev.sigil.acme.directory.DirectorySettings;
import dev.sigil.acme.directory.ResourceIds;
import dev.sigil.acme.http.AcmeHttpRequest;
import dev.sigil.acme.http.AcmeHttpResponse;
import dev.sigil.acme.http.Problems;
import dev.sigil.acme.http.Reply;
import dev.sigil.acme.http.ServiceUnavailable;
import dev.sigil.acme.nonce.NonceService;
import dev.sigil.acme.port.CaRefusal;
import dev.sigil.acme.port.CertificateAuthorityPort;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.acme.validation.ChallengeValidators;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.AcmeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The ACME server (RFC 8555, RFC 8737, RFC 8738, RFC 9773) behind one method: {@link #handle} takes a request to
 * {@code /acme/{name}/...} and returns the answer, never throwing. This is the HTTP edge of the protocol layer:
 * it checks method, content type and size, dispatches, and turns every failure into an RFC 7807 problem (§6.7):
 * client errors as their type says, an unavailable database or CA as 503 serverInternal with Retry-After, and
 * anything unexpected as serverInternal naming a correlation id that is also in the log (never a stack trace).
 * Every response carries a fresh Replay-Nonce and {@code Link: <directory>;rel="index"}.
 *
 * <p>State lives in the {@link AcmeStore} (shared by every node); in memory there are only rate-limit buckets,
 * the current nonce batch, running validations and operator renewal-window overrides.
 */
public final class AcmeFrontEnd {

    public static final String JOSE_JSON = "application/jose+json";
    private static final Logger LOG = LoggerFactory.getLogger(AcmeFrontEnd.class);

    private final AcmeSettings settings;
    private final NonceService nonces;
    private final AcmeRouter router;

    public AcmeFrontEnd(AcmeSettings settings, AcmeStore store, CertificateAuthorityPort ca,
                        ChallengeValidators validators, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nonces = new NonceService(store, clock, settings.nonceLifetime(), settings.nonceBatch());
        this.router = new AcmeRouter(settings, store, ca, validators, clock, nonces);
    }

    /** Answers one request; never throws. */
    public AcmeHttpResponse handle(AcmeHttpRequest request) {
        AcmeUrls urls = AcmeUrls.of(settings.baseUrl(), request);
        Optional<DirectorySettings> directory = Optional.ofNullable(settings.directories().get(request.directory()));
        Reply reply;
        boolean nonceSent = false;
        try {
            reply = dispatch(request, directory, urls);
            if (isNewNonce(request)) {
                // newNonce's answer is its nonce: if none can be stored, it is a 503 (serverInternal, Retry-After),
                // not a 200/204 without Replay-Nonce.
                reply.header("Replay-Nonce", nonces.next());
                nonceSent = true;
            }
        } catch (AcmeProblem problem) {
            reply = Problems.reply(problem);
        } catch (ServiceUnavailable e) {
            reply = unavailable(e.getMessage());
        } catch (StorageException e) {
            reply = e.kind() == StorageException.Kind.UNAVAILABLE
                    ? unavailable("the database is unavailable; nothing was changed") : internal(request, e);
        } catch (CaRefusal e) {
            reply = e.reason() == CaRefusal.Reason.UNAVAILABLE ? unavailable("the CA is unavailable")
                    : internal(request, e);
        } catch (RuntimeException e) {
            reply = internal(request, e);
        }
        return finish(reply, directory.map(d -> urls), nonceSent);
    }

    private static boolean isNewNonce(AcmeHttpRequest request) {
        return Route.parse(request.path()).map(r -> r.resource() == Route.Resource.NEW_NONCE).orElse(false);
    }

    /**
     * Operator override of the renewal window suggested for a certificate (RFC 9773), e.g. before a mass
     * revocation. Stored and audited, so every node answers with it.
     *
     * @param certId the RFC 9773 certificate ID
     * @throws AcmeProblem malformed if {@code certId} is not one, not found if no such certificate
     */
    public void suggestRenewal(String certId, RenewalWindow window, String reason, String actor) {
        router.renewalInfo().suggest(certId, window, reason, actor);
    }

    /** The running validation of a challenge (a completed future if none runs): for tests and orderly shutdown. */
    public CompletableFuture<Void> validation(String challengeId) {
        return router.challenges().validation(challengeId);
    }

    /** Completes when every validation running now has been recorded: for orderly shutdown. */
    public CompletableFuture<Void> validations() {
        return router.challenges().validations();
    }

    private Reply dispatch(AcmeHttpRequest request, Optional<DirectorySettings> directory, AcmeUrls urls) {
        DirectorySettings dir = directory.orElseThrow(() -> new AcmeProblem(ProblemType.NOT_FOUND,
                "no ACME directory here"));
        Route route = Route.parse(request.path()).orElseThrow(() -> new AcmeProblem(ProblemType.NOT_FOUND,
                "no such ACME resource"));
        String method = request.method().toUpperCase(Locale.ROOT);
        if (!route.resource().methods().contains(method)) {
            return Problems.reply(new AcmeProblem(ProblemType.METHOD_NOT_ALLOWED, "method " + method
                    + " is not allowed here; use " + route.resource().allow()))
                    .header("Allow", route.resource().allow());
        }
        if (!method.equals("POST")) {
            return router.get(route, method, dir, urls);
        }
        if (!isJoseJson(request.contentType())) {
            throw new AcmeProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE, "ACME requests must have Content-Type "
                    + JOSE_JSON + " (RFC 8555 §6.2)");
        }
        if (request.body().length > settings.maxBodyBytes()) {
            return Problems.reply(AcmeProblem.malformed("request body is larger than " + settings.maxBodyBytes()
                    + " bytes"), 413);
        }
        return router.post(route, request, dir, urls);
    }

    private static boolean isJoseJson(Optional<String> contentType) {
        return contentType.map(ct -> ct.split(";", 2)[0].strip().equalsIgnoreCase(JOSE_JSON)).orElse(false);
    }

    private Reply unavailable(String detail) {
        return Problems.reply(new AcmeProblem(ProblemType.SERVER_INTERNAL, detail)
                .withRetryAfter(settings.unavailableRetryAfter()), 503);
    }

    private static Reply internal(AcmeHttpRequest request, RuntimeException e) {
        String correlation = ResourceIds.random(6);
        LOG.error("ACME {} /acme/{}{} failed [{}]", request.method(), request.directory(), request.path(),
                correlation, e);
        return Problems.reply(new AcmeProblem(ProblemType.SERVER_INTERNAL,
                "internal error; reference " + correlation));
    }

    private AcmeHttpResponse finish(Reply reply, Optional<AcmeUrls> urls, boolean nonceSent) {
        if (!nonceSent) {
            try {
                reply.header("Replay-Nonce", nonces.next());
            } catch (RuntimeException e) {
                // The answer still goes out; the client's next request gets badNonce and fetches a fresh one.
                LOG.warn("no Replay-Nonce for this response: {}", e.toString());
            }
        }
        urls.ifPresent(u -> reply.link(u.directory(), "index"));
        return reply.toResponse();
    }
}

package dev.sigil.acme;

import dev.sigil.acme.account.AccountUpdate;
import dev.sigil.acme.account.KeyChange;
import dev.sigil.acme.account.KeyMode;
import dev.sigil.acme.account.NewAccount;
import dev.sigil.acme.account.RequestAuthenticator;
import dev.sigil.acme.account.SignedRequest;
import dev.sigil.acme.ari.RenewalInfo;
import dev.sigil.acme.directory.AcmeUrls;
import dev.sigil.acme.directory.DirectoryResource;
import dev.sigil.acme.directory.DirectorySettings;
import dev.sigil.acme.http.AcmeHttpRequest;
import dev.sigil.acme.http.Reply;
import dev.sigil.acme.nonce.NonceService;
import dev.sigil.acme.order.AuthorizationResource;
import dev.sigil.acme.order.CertificateDownload;
import dev.sigil.acme.order.ChallengeResource;
import dev.sigil.acme.order.Finalize;
import dev.sigil.acme.order.NewOrder;
import dev.sigil.acme.order.OrderResource;
import dev.sigil.acme.port.CertificateAuthorityPort;
import dev.sigil.acme.ratelimit.RateLimiter;
import dev.sigil.acme.revocation.Revocation;
import dev.sigil.acme.validation.ChallengeValidators;
import dev.sigil.storage.acme.AcmeStore;

import java.time.Clock;

/**
 * The dispatch table: each route to the handler that parses, calls and renders it. Built once from the front end's
 * collaborators; holds no per-request state.
 */
final class AcmeRouter {

    private final RequestAuthenticator authenticator;
    private final NewAccount newAccount;
    private final AccountUpdate accountUpdate;
    private final KeyChange keyChange;
    private final NewOrder newOrder;
    private final OrderResource orders;
    private final Finalize finalizer;
    private final AuthorizationResource authorizations;
    private final ChallengeResource challenges;
    private final CertificateDownload certificates;
    private final Revocation revocation;
    private final RenewalInfo renewalInfo;

    AcmeRouter(AcmeSettings settings, AcmeStore store, CertificateAuthorityPort ca, ChallengeValidators validators,
               Clock clock, NonceService nonces) {
        RateLimiter limits = new RateLimiter(settings.rateLimits(), clock);
        this.authenticator = new RequestAuthenticator(store, nonces);
        this.newAccount = new NewAccount(store, limits, clock, settings.maxContacts());
        this.accountUpdate = new AccountUpdate(store, clock, settings.maxContacts());
        this.keyChange = new KeyChange(store, clock);
        this.newOrder = new NewOrder(store, ca, limits, clock, settings.maxIdentifiers());
        this.orders = new OrderResource(store, clock, settings.ordersPageSize());
        this.finalizer = new Finalize(store, ca, clock);
        this.authorizations = new AuthorizationResource(store, clock);
        this.challenges = new ChallengeResource(store, validators, limits, clock);
        this.certificates = new CertificateDownload(store, ca);
        this.revocation = new Revocation(store, ca, clock);
        this.renewalInfo = new RenewalInfo(ca, store, clock, settings.renewalInfoRetryAfter());
    }

    /** Handles a GET/HEAD resource (method already checked). */
    Reply get(Route route, String method, DirectorySettings directory, AcmeUrls urls) {
        return switch (route.resource()) {
            case DIRECTORY -> DirectoryResource.get(directory, urls);
            // RFC 8555 §7.2: HEAD answers 200, GET 204; neither may be cached.
            case NEW_NONCE -> Reply.status(method.equals("HEAD") ? 200 : 204).header("Cache-Control", "no-store");
            case RENEWAL_INFO -> renewalInfo.get(route.id());
            default -> throw new IllegalStateException("not a GET resource: " + route.resource());
        };
    }

    /** Handles a POST resource (method, content type and size already checked). */
    Reply post(Route route, AcmeHttpRequest request, DirectorySettings directory, AcmeUrls urls) {
        return switch (route.resource()) {
            case NEW_ACCOUNT -> newAccount.handle(auth(request, urls, KeyMode.JWK), directory, urls,
                    request.clientIp());
            case ACCOUNT -> accountUpdate.handle(auth(request, urls, KeyMode.KID), route.id(), urls);
            case ORDERS -> orders.list(auth(request, urls, KeyMode.KID), route.id(), route.cursor(), urls);
            case KEY_CHANGE -> keyChange.handle(auth(request, urls, KeyMode.KID), urls);
            case NEW_ORDER -> newOrder.handle(auth(request, urls, KeyMode.KID), directory, urls, request.clientIp());
            case ORDER -> orders.get(auth(request, urls, KeyMode.KID), route.id(), urls);
            case FINALIZE -> finalizer.handle(auth(request, urls, KeyMode.KID), route.id(), directory, urls);
            case AUTHORIZATION -> authorizations.handle(auth(request, urls, KeyMode.KID), route.id(), urls);
            case CHALLENGE -> challenges.handle(auth(request, urls, KeyMode.KID), route.id(), directory, urls);
            case CERTIFICATE -> certificates.handle(auth(request, urls, KeyMode.KID), route.id());
            case REVOKE_CERT -> revocation.handle(auth(request, urls, KeyMode.EITHER), directory);
            default -> throw new IllegalStateException("not a POST resource: " + route.resource());
        };
    }

    ChallengeResource challenges() {
        return challenges;
    }

    RenewalInfo renewalInfo() {
        return renewalInfo;
    }

    private SignedRequest auth(AcmeHttpRequest request, AcmeUrls urls, KeyMode mode) {
        return authenticator.authenticate(request, urls, mode);
    }
}

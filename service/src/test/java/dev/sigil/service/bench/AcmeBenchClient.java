package dev.sigil.service.bench;

import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.AcmeJsonResource;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.util.KeyPairUtils;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One simulated ACME client: an account registered once, then complete orders for one new name each (newOrder, the
 * authorization, http-01 through the shared {@link Http01Responder}, a fresh P-256 key and CSR, finalize, polling,
 * certificate download), as certbot's {@code certonly --standalone} does per run.
 */
final class AcmeBenchClient {

    /** Longest one order may take before it counts as an error (the server is stuck, not slow). */
    static final Duration ORDER_TIMEOUT = Duration.ofSeconds(60);
    /** Connect timeout to the ACME server. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Longest pause between two polls of one resource (the pause doubles from the first poll interval). */
    static final Duration MAX_POLL_DELAY = Duration.ofSeconds(1);
    /** Curve of the account keys and of each certificate's fresh key (P-256, as certbot and lego default to). */
    static final String KEY_CURVE = "secp256r1";

    /** Nanosecond timestamps (System.nanoTime) of one order's steps, and how many polls it took. */
    record OrderTimes(long start, long authorized, long issued, long downloaded, int polls) {
    }

    private final Account account;
    private final Http01Responder responder;
    private final Duration pollInterval;
    private final AuthzGate gate;

    private AcmeBenchClient(Account account, Http01Responder responder, Duration pollInterval, AuthzGate gate) {
        this.account = account;
        this.responder = responder;
        this.pollInterval = pollInterval;
        this.gate = gate;
    }

    /** Registers a new account (P-256 key, terms agreed) on {@code directory}. */
    static AcmeBenchClient register(URI directory, SSLContext trust, Http01Responder responder, Duration pollInterval,
                                    AuthzGate gate) throws AcmeException {
        Session session = new Session(directory, new BenchAcmeProvider(trust, CONNECT_TIMEOUT));
        Account account = new AccountBuilder().agreeToTermsOfService()
                .useKeyPair(KeyPairUtils.createECKeyPair(KEY_CURVE)).create(session);
        return new AcmeBenchClient(account, responder, pollInterval, gate);
    }

    /** One complete order for {@code name}; throws on any failure or after {@link #ORDER_TIMEOUT}. */
    OrderTimes order(String name) throws AcmeException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + ORDER_TIMEOUT.toNanos();
        int polls = 0;
        Order order = gate.newOrder(() -> account.newOrder().domain(name).create());
        for (Authorization auth : order.getAuthorizations()) {
            if (gate.fetchAuthz(auth::getStatus) == Status.VALID) { // the first getStatus() fetches it
                continue; // reused (neither server should, for a new name; counted the same either way)
            }
            Http01Challenge challenge = auth.findChallenge(Http01Challenge.class)
                    .orElseThrow(() -> new AcmeException("no http-01 challenge for " + name));
            responder.put(challenge.getToken(), challenge.getAuthorization());
            try {
                challenge.trigger();
                // The challenge, not the authorization, is polled (as acme4j's own waitForCompletion does), so the
                // one authorization fetch per order is all AuthzGate has to keep apart from newOrders.
                polls += awaitValid(challenge, deadline);
            } finally {
                responder.remove(challenge.getToken());
            }
        }
        long authorized = System.nanoTime();
        KeyPair domainKey = KeyPairUtils.createECKeyPair(KEY_CURVE);
        order.execute(domainKey); // CSR for the order's names, then finalize
        polls += awaitValid(order, deadline);
        long issued = System.nanoTime();
        X509Certificate cert = order.getCertificate().getCertificate(); // downloads the chain
        if (!cert.getPublicKey().equals(domainKey.getPublic())) {
            throw new AcmeException("certificate for " + name + " does not carry the order's key");
        }
        return new OrderTimes(start, authorized, issued, System.nanoTime(), polls);
    }

    /**
     * Polls until VALID and returns how many polls it took. The pause honours Retry-After when the server sends one;
     * otherwise it starts at the client's poll interval and doubles up to {@link #MAX_POLL_DELAY}, so a fast server
     * is seen quickly and a slow one is not flooded with polls (which would cost both sides CPU per certificate).
     */
    private <R extends AcmeJsonResource & PollableResource> int awaitValid(R resource, long deadline)
            throws AcmeException, InterruptedException {
        Duration backoff = pollInterval;
        Optional<Instant> retryAfter = Optional.empty();
        for (int polls = 0; ; polls++) {
            Status s = resource.getStatus();
            if (s == Status.VALID) {
                return polls;
            }
            if (s == Status.INVALID || s == Status.DEACTIVATED || s == Status.EXPIRED || s == Status.REVOKED
                    || s == Status.CANCELED) {
                throw new AcmeException(resource.getClass().getSimpleName() + " " + resource.getLocation()
                        + " became " + s + ": " + resource.getJSON());
            }
            if (System.nanoTime() > deadline) {
                throw new AcmeException("timed out waiting for " + resource.getLocation() + " (" + s + ")");
            }
            Thread.sleep(retryAfter.map(at -> Duration.between(Instant.now(), at)).filter(d -> !d.isNegative())
                    .orElse(backoff));
            backoff = backoff.multipliedBy(2).compareTo(MAX_POLL_DELAY) < 0 ? backoff.multipliedBy(2) : MAX_POLL_DELAY;
            retryAfter = resource.fetch();
        }
    }
}

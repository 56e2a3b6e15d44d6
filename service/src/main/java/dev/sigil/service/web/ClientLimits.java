package dev.sigil.service.web;

import dev.sigil.service.api.Problems;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the requests one client IP address has in progress on a listener, so that a client holding many slow
 * requests (a stalled upload, a flood) cannot take every worker and connection from the others. Over the cap the
 * request is answered at once with 429 and Retry-After: a Sigil problem, or under {@code /acme/} an ACME
 * {@code rateLimited} problem (RFC 8555 §6.7). Counting requests rather than connections is what an HTTP filter can
 * see; the listener's read timeout bounds how long an idle or stalled connection is kept at all.
 */
public final class ClientLimits {

    /** Seconds a refused client should wait. */
    static final String RETRY_AFTER_SECONDS = "1";
    private final int maxPerClient;
    private final Problems problems;
    /** Requests in progress per client; an entry exists only while its count is positive (compute is atomic per key). */
    private final ConcurrentHashMap<InetAddress, Integer> inProgress = new ConcurrentHashMap<>();

    /** @param maxPerClient requests in progress per client address; 0 or less: no limit */
    public ClientLimits(int maxPerClient, Problems problems) {
        this.maxPerClient = maxPerClient;
        this.problems = problems;
    }

    /** The filter; a pass-through when there is no limit. */
    public Filter filter() {
        return (chain, req, res) -> {
            InetAddress client = address(req.remotePeer().address());
            if (maxPerClient <= 0 || client == null) {
                chain.proceed();
                return;
            }
            int count = inProgress.merge(client, 1, Integer::sum);
            if (count > maxPerClient) {
                release(client);
                String detail = "more than " + maxPerClient + " requests in progress from " + client.getHostAddress()
                        + "; try again shortly";
                if (req.path().path().startsWith("/acme/")) {
                    res.status(Status.TOO_MANY_REQUESTS_429);
                    res.header(HeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
                    res.header(HeaderNames.CONTENT_TYPE, Problems.PROBLEM_JSON);
                    res.send(("{\"type\":\"urn:ietf:params:acme:error:rateLimited\",\"detail\":\"" + detail
                            + "\",\"status\":429}").getBytes(StandardCharsets.UTF_8));
                } else {
                    problems.send(res, new SigilException(ErrorKind.TOO_MANY_REQUESTS, detail));
                }
                return;
            }
            try {
                chain.proceed();
            } finally {
                release(client);
            }
        };
    }

    /** Requests in progress from {@code client} now (for tests and metrics). */
    public int inProgress(InetAddress client) {
        return inProgress.getOrDefault(client, 0);
    }

    private void release(InetAddress client) {
        inProgress.computeIfPresent(client, (a, n) -> n <= 1 ? null : n - 1);
    }

    private static InetAddress address(SocketAddress peer) {
        return peer instanceof InetSocketAddress isa ? isa.getAddress() : null;
    }
}

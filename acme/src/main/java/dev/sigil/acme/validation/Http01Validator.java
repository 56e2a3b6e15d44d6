package dev.sigil.acme.validation;

import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;

import javax.net.ssl.SSLException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * http-01 (RFC 8555 §8.3, RFC 8738 §5 for IP identifiers): GET {@code http://<identifier>/.well-known/acme-challenge/
 * <token>} and compare the body, less trailing whitespace, with the key authorization.
 *
 * <p>HTTP/1.1 is spoken over a socket of our own rather than {@code java.net.http.HttpClient}: validation must dial
 * the address its own resolver chose while sending the identifier as Host, and HttpClient resolves names itself
 * and refuses a caller-set Host header. One GET with {@code Connection: close} needs little HTTP, and owning it
 * also bounds every read by the deadline and the body by {@link #MAX_BODY_BYTES}.
 */
final class Http01Validator implements ChallengeValidator {

    static final String TYPE = "http-01";
    static final int MAX_REDIRECTS = 10;
    /** A key authorization is ~87 bytes; a kilobyte leaves room for whitespace and still bounds what is read. */
    static final int MAX_BODY_BYTES = 1024;
    /** The redirects the CA/B Forum Baseline Requirements (§3.2.2.4.19) allow; 303 is deliberately absent. */
    static final Set<Integer> ALLOWED_REDIRECTS = Set.of(301, 302, 307, 308);
    static final String USER_AGENT = "Sigil-ACME-validation";

    private final NameResolver resolver;
    private final ValidationSettings settings;

    Http01Validator(NameResolver resolver, ValidationSettings settings) {
        this.resolver = resolver;
        this.settings = settings;
    }

    @Override
    public void validate(Target target, String token, String keyAuthorization, Deadline deadline) {
        HttpTarget current = HttpTarget.initial(target, token, settings.httpPort());
        Set<String> fetched = new HashSet<>();
        fetched.add(current.url());
        for (int redirects = 0; ; redirects++) {
            String context = TYPE + ": fetching " + current.url();
            Fetched answer = fetch(context, current, deadline);
            int status = answer.response().status();
            if (status == 303 || ALLOWED_REDIRECTS.contains(status)) {
                if (!ALLOWED_REDIRECTS.contains(status)) {
                    throw answer.problem(ProblemType.CONNECTION, "redirect with HTTP status " + status
                            + " is not allowed: only 301, 302, 307 and 308 are");
                }
                if (redirects == MAX_REDIRECTS) {
                    throw answer.problem(ProblemType.CONNECTION, "too many redirects (more than " + MAX_REDIRECTS + ")");
                }
                String location = answer.response().location().orElseThrow(() -> answer.problem(
                        ProblemType.CONNECTION, "redirect (HTTP status " + status + ") without a Location header"));
                HttpTarget next;
                try {
                    next = current.redirect(location, settings.httpPort(), settings.tlsAlpnPort(), target.isIp());
                } catch (HttpTarget.Refused refused) {
                    throw answer.problem(ProblemType.CONNECTION, refused.getMessage());
                }
                if (!fetched.add(next.url())) {
                    throw answer.problem(ProblemType.CONNECTION, "redirect loop: " + Excerpts.printable(next.url(),
                            Excerpts.MAX_QUOTED_CHARS) + " was already fetched");
                }
                current = next;
                continue;
            }
            if (status != 200) {
                throw answer.problem(ProblemType.UNAUTHORIZED, "the server answered with HTTP status " + status
                        + " instead of 200");
            }
            HttpResponseReader.Response response = answer.response();
            String body = new String(response.body(), StandardCharsets.UTF_8);
            if (response.truncated()) {
                throw answer.problem(ProblemType.INCORRECT_RESPONSE, "the response body is larger than "
                        + MAX_BODY_BYTES + " bytes; it starts with " + Excerpts.quoted(body));
            }
            String received = body.stripTrailing();
            if (!received.equals(keyAuthorization)) {
                throw answer.problem(ProblemType.INCORRECT_RESPONSE, "the key authorization received does not match "
                        + "the challenge: expected " + Excerpts.quoted(keyAuthorization) + ", received "
                        + Excerpts.quoted(received));
            }
            return;
        }
    }

    /** A response and where it came from, so that every detail names the URL and the address. */
    private record Fetched(String context, InetSocketAddress remote, HttpResponseReader.Response response) {
        AcmeProblem problem(ProblemType type, String reason) {
            return new AcmeProblem(type, context + ": " + reason + " (" + Hosts.text(remote) + ")");
        }
    }

    private Fetched fetch(String context, HttpTarget target, Deadline deadline) {
        List<InetAddress> addresses = target.ip().map(List::of)
                .orElseGet(() -> resolver.addresses(context, target.host(), deadline));
        Dialer.Connection connection = Dialer.connect(context, addresses, target.dialPort(), deadline);
        Socket socket = connection.socket();
        try {
            if (target.https()) {
                Optional<String> sni = target.ip().isPresent() ? Optional.empty() : Optional.of(target.host());
                socket = Dialer.startTls(connection, sni, List.of("http/1.1"), deadline);
            }
            socket.setSoTimeout(deadline.socketTimeoutMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request(target).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(new DeadlineInputStream(socket, deadline));
            return new Fetched(context, connection.remote(), HttpResponseReader.read(in, MAX_BODY_BYTES));
        } catch (SSLException e) {
            throw Dialer.tlsProblem(context, e, connection.remote());
        } catch (HttpResponseReader.MalformedResponse e) {
            throw Dialer.connectionProblem(context, e.getMessage(), connection.remote());
        } catch (IOException e) {
            throw Dialer.connectionProblem(context, Dialer.ioFailure(e, deadline), connection.remote());
        } finally {
            Dialer.closeQuietly(socket);
        }
    }

    private static String request(HttpTarget target) {
        return "GET " + target.requestTarget() + " HTTP/1.1\r\n"
                + "Host: " + target.hostHeader() + "\r\n"
                + "User-Agent: " + USER_AGENT + "\r\n"
                // mod_security rejects requests without Accept as bots (Boulder learnt this the hard way)
                + "Accept: */*\r\n"
                + "Connection: close\r\n"
                + "\r\n";
    }
}

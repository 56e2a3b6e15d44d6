package dev.sigil.acme.validation;

import dev.sigil.acme.problem.ProblemType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.time.Duration;

import static dev.sigil.acme.validation.TestHttp.body;
import static dev.sigil.acme.validation.TestHttp.redirect;
import static dev.sigil.acme.validation.Validations.CHALLENGE_PATH;
import static dev.sigil.acme.validation.Validations.KEY_AUTHORIZATION;
import static dev.sigil.acme.validation.Validations.assertFailed;
import static dev.sigil.acme.validation.Validations.assertValid;
import static dev.sigil.acme.validation.Validations.ip;
import static dev.sigil.acme.validation.Validations.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** http-01 of IP identifiers (RFC 8738 §5): no DNS at all, the address dialed, the Host header the address. */
@Timeout(60)
class IpIdentifierTest {

    /** No resolver would answer here: IP identifiers must never ask one. */
    private static ValidationSettings settings(int port) throws Exception {
        return ValidationSettings.defaults()
                .withDnsResolver(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), Validations.closedPort()))
                .withPorts(port, Validations.closedPort()).withTimeout(Duration.ofSeconds(3));
    }

    @Test
    void ipv4() throws Exception {
        try (TestHttp http = TestHttp.start(InetAddress.getByName("127.0.0.1"))) {
            http.on(CHALLENGE_PATH, body(KEY_AUTHORIZATION));
            assertValid(validate(settings(http.port()), "http-01", ip("127.0.0.1")));
            assertThat(http.requests()).containsExactly("127.0.0.1 " + CHALLENGE_PATH);
        }
    }

    @Test
    void ipv6HostIsBracketed() throws Exception {
        assumeTrue(Validations.ipv6Loopback(), "this machine has no IPv6 loopback");
        try (TestHttp http = TestHttp.start(InetAddress.getByName("::1"))) {
            http.on(CHALLENGE_PATH, body(KEY_AUTHORIZATION));
            assertValid(validate(settings(http.port()), "http-01", ip("::1")));
            assertThat(http.requests()).containsExactly("[::1] " + CHALLENGE_PATH);
        }
    }

    @Test
    void ipv6FailureNamesTheBracketedAddress() throws Exception {
        assumeTrue(Validations.ipv6Loopback(), "this machine has no IPv6 loopback");
        int closed = Validations.closedPort();
        String detail = assertFailed(validate(settings(closed), "http-01", ip("0:0:0:0:0:0:0:1")),
                ProblemType.CONNECTION);
        assertThat(detail).isEqualTo("http-01: fetching http://[::1]" + CHALLENGE_PATH + ": connection refused ([::1]:"
                + closed + ")");
    }

    @Test
    void redirectToAnIpLiteralIsFollowedForAnIpIdentifier() throws Exception {
        try (TestHttp http = TestHttp.start(InetAddress.getByName("127.0.0.1"))) {
            http.on(CHALLENGE_PATH, redirect(302, "http://127.0.0.1/elsewhere")).on("/elsewhere",
                    body(KEY_AUTHORIZATION));
            assertValid(validate(settings(http.port()), "http-01", ip("127.0.0.1")));
            assertThat(http.requests()).containsExactly("127.0.0.1 " + CHALLENGE_PATH, "127.0.0.1 /elsewhere");
        }
    }

    @Test
    void malformedAddressIsRefused() throws Exception {
        assertFailed(validate(settings(80), "http-01", ip("127.0.0.256")), ProblemType.MALFORMED);
        assertFailed(validate(settings(80), "http-01", ip("localhost")), ProblemType.MALFORMED);
        assertFailed(validate(settings(80), "http-01", ip("fe80::1%lo")), ProblemType.MALFORMED);
    }
}

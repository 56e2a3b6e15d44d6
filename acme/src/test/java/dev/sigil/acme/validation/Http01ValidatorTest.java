package dev.sigil.acme.validation;

import dev.sigil.acme.problem.ProblemType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.sigil.acme.validation.TestHttp.body;
import static dev.sigil.acme.validation.TestHttp.redirect;
import static dev.sigil.acme.validation.TestHttp.status;
import static dev.sigil.acme.validation.Validations.CHALLENGE_PATH;
import static dev.sigil.acme.validation.Validations.KEY_AUTHORIZATION;
import static dev.sigil.acme.validation.Validations.TOKEN;
import static dev.sigil.acme.validation.Validations.assertFailed;
import static dev.sigil.acme.validation.Validations.assertValid;
import static dev.sigil.acme.validation.Validations.dns;
import static dev.sigil.acme.validation.Validations.validate;
import static org.assertj.core.api.Assertions.assertThat;

/** http-01 of DNS identifiers against real loopback web servers, names resolved by an in-test DNS server. */
@Timeout(60)
class Http01ValidatorTest {

    private static final String URL = "http://example.test" + CHALLENGE_PATH;

    private TestDns dns;
    private TestHttp http;
    private ValidationSettings settings;

    @BeforeEach
    void start() throws Exception {
        dns = TestDns.start().address("example.test", "127.0.0.1").address("other.test", "127.0.0.1");
        http = TestHttp.start();
        settings = ValidationSettings.defaults().withDnsResolver(dns.address())
                .withPorts(http.port(), Validations.closedPort()).withTimeout(Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        dns.close();
    }

    private ValidationResult validateExample() throws Exception {
        return validate(settings, "http-01", dns("example.test"));
    }

    @Test
    void acceptsTheKeyAuthorizationWithTrailingWhitespace() throws Exception {
        http.on(CHALLENGE_PATH, body(KEY_AUTHORIZATION + " \r\n\t\n"));
        assertValid(validateExample());
        // Host is the identifier, without the port the test redirected validation to (as for port 80)
        assertThat(http.requests()).containsExactly("example.test " + CHALLENGE_PATH);
        assertThat(dns.questions()).contains("example.test./A", "example.test./AAAA");
    }

    @Test
    void acceptsAChunkedBody() throws Exception {
        http.on(CHALLENGE_PATH, TestHttp.chunked(KEY_AUTHORIZATION));
        assertValid(validateExample());
    }

    @Test
    void upperCaseIdentifierIsValidatedInLowerCase() throws Exception {
        http.on(CHALLENGE_PATH, body(KEY_AUTHORIZATION));
        assertValid(validate(settings, "http-01", dns("Example.TEST")));
        assertThat(http.requests()).containsExactly("example.test " + CHALLENGE_PATH);
    }

    @Test
    void wrongBodyIsAnIncorrectResponseQuotingWhatCame() throws Exception {
        http.on(CHALLENGE_PATH, body("not-it\u0007"));
        String detail = assertFailed(validateExample(), ProblemType.INCORRECT_RESPONSE);
        assertThat(detail).startsWith("http-01: fetching " + URL + ": ")
                .contains("expected \"" + KEY_AUTHORIZATION + "\"", "received \"not-it?\"")
                .endsWith("(127.0.0.1:" + http.port() + ")");
    }

    @Test
    void keyAuthorizationWithLeadingGarbageIsRefused() throws Exception {
        http.on(CHALLENGE_PATH, body(" " + KEY_AUTHORIZATION));
        assertFailed(validateExample(), ProblemType.INCORRECT_RESPONSE);
    }

    @Test
    void notFoundIsUnauthorizedWithTheStatus() throws Exception {
        String detail = assertFailed(validateExample(), ProblemType.UNAUTHORIZED);
        assertThat(detail).isEqualTo("http-01: fetching " + URL + ": the server answered with HTTP status 404 "
                + "instead of 200 (127.0.0.1:" + http.port() + ")");
    }

    @Test
    void bodyOverOneKibibyteIsRefusedAndQuotedShort() throws Exception {
        http.on(CHALLENGE_PATH, body("x".repeat(5000)));
        String detail = assertFailed(validateExample(), ProblemType.INCORRECT_RESPONSE);
        assertThat(detail).contains("larger than 1024 bytes").hasSizeLessThan(500);
    }

    @Test
    void keyAuthorizationPaddedBeyondOneKibibyteIsRefused() throws Exception {
        // trimming whatever fits in the first KiB would make this match; an oversized body never does
        http.on(CHALLENGE_PATH, body(KEY_AUTHORIZATION + " ".repeat(2000)));
        assertFailed(validateExample(), ProblemType.INCORRECT_RESPONSE);
    }

    @Test
    void followsARedirectChainAcrossHostsToTheAnswer() throws Exception {
        int port = http.port();
        http.on(CHALLENGE_PATH, redirect(302, "http://other.test:" + port + "/step1"))
                .on("/step1", redirect(301, "/step2?x=1"))
                .on("/step2?x=1", redirect(307, "http://example.test/final"))
                .on("/final", redirect(308, "//other.test/last"))
                .on("/last", body(KEY_AUTHORIZATION));
        assertValid(validateExample());
        assertThat(http.requests()).containsExactly(
                "example.test " + CHALLENGE_PATH,
                "other.test:" + port + " /step1",
                "other.test:" + port + " /step2?x=1",
                "example.test /final",
                "other.test /last");
    }

    @Test
    void followsARedirectToHttpsOnThePortStandingFor443() throws Exception {
        try (TestHttp https = TestHttp.startTls(InetAddress.getLoopbackAddress(),
                TestCertificates.serverContext(List.of(TestCertificates.dns("other.test")), Optional.empty(), false))) {
            https.on("/secure", body(KEY_AUTHORIZATION));
            http.on(CHALLENGE_PATH, redirect(301, "https://other.test/secure"));
            ValidationSettings withHttps = settings.withPorts(http.port(), https.port());
            assertValid(validate(withHttps, "http-01", dns("example.test")));
            assertThat(https.requests()).containsExactly("other.test /secure");
        }
    }

    @Test
    void stopsAfterTenRedirects() throws Exception {
        for (int i = 0; i < 20; i++) {
            http.on(i == 0 ? CHALLENGE_PATH : "/r/" + i, redirect(302, "/r/" + (i + 1)));
        }
        String detail = assertFailed(validateExample(), ProblemType.CONNECTION);
        assertThat(detail).contains("too many redirects");
        assertThat(http.requests()).hasSize(11); // the first request and ten redirects followed
    }

    @Test
    void detectsARedirectLoop() throws Exception {
        http.on(CHALLENGE_PATH, redirect(302, "/a")).on("/a", redirect(302, "/b")).on("/b", redirect(302, "/a"));
        String detail = assertFailed(validateExample(), ProblemType.CONNECTION);
        assertThat(detail).contains("redirect loop", "http://example.test/a");
        assertThat(http.requests()).hasSize(3);
    }

    @Test
    void refusesARedirectToAnotherPort() throws Exception {
        http.on(CHALLENGE_PATH, redirect(302, "http://example.test:9999/x"));
        String detail = assertFailed(validateExample(), ProblemType.CONNECTION);
        assertThat(detail).contains("port 9999 is not allowed");
        assertThat(http.requests()).hasSize(1);
    }

    @Test
    void refusesARedirectToAnIpLiteralForADnsIdentifier() throws Exception {
        http.on(CHALLENGE_PATH, redirect(302, "http://127.0.0.1/x"));
        String detail = assertFailed(validateExample(), ProblemType.CONNECTION);
        assertThat(detail).contains("IP address \"127.0.0.1\" is not allowed");
        assertThat(http.requests()).hasSize(1);
    }

    @Test
    void refusesOtherSchemesAnd303() throws Exception {
        http.on(CHALLENGE_PATH, redirect(302, "ftp://example.test/x"));
        assertThat(assertFailed(validateExample(), ProblemType.CONNECTION)).contains("only the http and https schemes");
        http.on(CHALLENGE_PATH, redirect(303, "/x"));
        assertThat(assertFailed(validateExample(), ProblemType.CONNECTION)).contains("303 is not allowed");
        http.on(CHALLENGE_PATH, redirect(302, "http://example.test.well-known/acme-challenge/x"));
        assertThat(assertFailed(validateExample(), ProblemType.CONNECTION)).contains("missing '/'");
    }

    @Test
    void redirectWithoutLocationFails() throws Exception {
        http.on(CHALLENGE_PATH, status(302));
        assertThat(assertFailed(validateExample(), ProblemType.CONNECTION)).contains("without a Location header");
    }

    @Test
    void redirectToAnUnknownHostIsADnsProblem() throws Exception {
        http.on(CHALLENGE_PATH, redirect(302, "http://nowhere.test/x"));
        String detail = assertFailed(validateExample(), ProblemType.DNS);
        assertThat(detail).startsWith("http-01: fetching http://nowhere.test/x: DNS problem: NXDOMAIN");
    }

    @Test
    void connectionRefusedNamesUrlAndAddress() throws Exception {
        int closed = Validations.closedPort();
        ValidationResult result = validate(settings.withPorts(closed, closed), "http-01", dns("example.test"));
        assertThat(assertFailed(result, ProblemType.CONNECTION)).isEqualTo("http-01: fetching " + URL
                + ": connection refused (127.0.0.1:" + closed + ")");
    }

    @Test
    void unknownNameIsADnsProblem() throws Exception {
        String detail = assertFailed(validate(settings, "http-01", dns("missing.test")), ProblemType.DNS);
        assertThat(detail).contains("NXDOMAIN looking up A for missing.test");
    }

    @Test
    void slowServerTimesOutWithinTheLimit() throws Exception {
        http.on(CHALLENGE_PATH, TestHttp.slow(Duration.ofSeconds(10), KEY_AUTHORIZATION));
        long start = System.nanoTime();
        ValidationResult result = validate(settings.withTimeout(Duration.ofSeconds(1)), "http-01", dns("example.test"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(assertFailed(result, ProblemType.CONNECTION)).contains("timed out");
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofMillis(3500));
    }

    @Test
    void serverThatHangsUpIsAConnectionProblem() throws Exception {
        try (java.net.ServerSocket rude = new java.net.ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (var s = rude.accept()) {
                    s.getInputStream().read();
                } catch (java.io.IOException ignored) {
                    // closed
                }
            });
            ValidationResult result = validate(settings.withPorts(rude.getLocalPort(), rude.getLocalPort()), "http-01",
                    dns("example.test"));
            assertThat(assertFailed(result, ProblemType.CONNECTION)).contains("without a response");
        }
    }

    @Test
    void refusesAWildcardIdentifier() throws Exception {
        http.on(CHALLENGE_PATH, body(KEY_AUTHORIZATION));
        assertFailed(validate(settings, "http-01", dns("*.example.test")), ProblemType.MALFORMED);
        assertThat(http.requests()).isEmpty();
    }

    @Test
    void refusesATokenThatIsNotBase64Url() throws Exception {
        assertFailed(validate(settings, "http-01", dns("example.test"), "../../etc", "../../etc.x"),
                ProblemType.MALFORMED);
        assertFailed(validate(settings, "http-01", dns("example.test"), TOKEN + "\r\nX: y", KEY_AUTHORIZATION),
                ProblemType.MALFORMED);
        assertThat(http.requests()).isEmpty();
        assertThat(dns.questions()).isEmpty();
    }

    @Test
    void refusesAnInvalidName() throws Exception {
        assertFailed(validate(settings, "http-01", dns("example.test\r\nX-Injected: 1")), ProblemType.MALFORMED);
        assertFailed(validate(settings, "http-01", dns("exa mple.test")), ProblemType.MALFORMED);
        assertFailed(validate(settings, "http-01", dns("a..test")), ProblemType.MALFORMED);
        assertThat(dns.questions()).isEmpty();
    }
}

package dev.sigil.acme.validation;

import dev.sigil.acme.problem.ProblemType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.time.Duration;

import static dev.sigil.acme.validation.TestHttp.body;
import static dev.sigil.acme.validation.Validations.CHALLENGE_PATH;
import static dev.sigil.acme.validation.Validations.KEY_AUTHORIZATION;
import static dev.sigil.acme.validation.Validations.assertFailed;
import static dev.sigil.acme.validation.Validations.assertValid;
import static dev.sigil.acme.validation.Validations.dns;
import static dev.sigil.acme.validation.Validations.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** How http-01 finds its way: A/AAAA through the configured server, CNAMEs, IPv6 first with IPv4 fallback. */
@Timeout(60)
class NameResolutionTest {

    private TestDns dns;
    private TestHttp http;
    private ValidationSettings settings;

    @BeforeEach
    void start() throws Exception {
        dns = TestDns.start();
        http = TestHttp.start();
        http.on(CHALLENGE_PATH, body(KEY_AUTHORIZATION));
        settings = ValidationSettings.defaults().withDnsResolver(dns.address())
                .withPorts(http.port(), Validations.closedPort()).withTimeout(Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        dns.close();
    }

    @Test
    void followsACnameToTheAddress() throws Exception {
        dns.cname("www.example.test", "lb.example.test").address("lb.example.test", "127.0.0.1");
        assertValid(validate(settings, "http-01", dns("www.example.test")));
        assertThat(http.requests()).containsExactly("www.example.test " + CHALLENGE_PATH);
    }

    @Test
    void nameWithoutAddressesIsADnsProblem() throws Exception {
        dns.txt("bare.test", "only a TXT record");
        String detail = assertFailed(validate(settings, "http-01", dns("bare.test")), ProblemType.DNS);
        assertThat(detail).isEqualTo("http-01: fetching http://bare.test" + CHALLENGE_PATH
                + ": DNS problem: no A or AAAA record found for bare.test");
    }

    @Test
    void unansweredQueriesAreADnsTimeout() throws Exception {
        dns.silent("slow.test");
        long start = System.nanoTime();
        ValidationResult result = validate(settings.withTimeout(Duration.ofSeconds(1)), "tls-alpn-01", dns("slow.test"));
        assertThat(assertFailed(result, ProblemType.DNS)).contains("timed out looking up A for slow.test");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3500));
    }

    @Test
    void systemResolverIsUsedWithoutAConfiguredServer() throws Exception {
        // No DNS server configured: the system's (dnsjava's ResolverConfig) is asked. A ".invalid" name never
        // resolves (RFC 6761), so whatever this machine's network, the answer is a DNS problem, not a hang.
        ValidationSettings system = ValidationSettings.defaults().withPorts(http.port(), http.port())
                .withTimeout(Duration.ofSeconds(2));
        long start = System.nanoTime();
        assertFailed(validate(system, "http-01", dns("sigil-validation-test.invalid")), ProblemType.DNS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3500));
        assertThat(http.requests()).isEmpty();
    }

    @Test
    void ipv6IsTriedFirst() throws Exception {
        assumeTrue(Validations.ipv6Loopback(), "this machine has no IPv6 loopback");
        try (TestHttp v6 = TestHttp.start(InetAddress.getByName("::1"));
             TestHttp v4 = TestHttp.start(InetAddress.getByName("127.0.0.1"), v6.port())) {
            v6.on(CHALLENGE_PATH, body(KEY_AUTHORIZATION));
            v4.on(CHALLENGE_PATH, body("the IPv4 server is not the one to ask first"));
            dns.address("dual.test", "127.0.0.1", "::1");
            assertValid(validate(settings.withPorts(v6.port(), v6.port()), "http-01", dns("dual.test")));
            assertThat(v6.requests()).containsExactly("dual.test " + CHALLENGE_PATH);
            assertThat(v4.requests()).isEmpty();
        }
    }

    @Test
    void ipv4IsTheFallbackWhenIpv6Refuses() throws Exception {
        assumeTrue(Validations.ipv6Loopback(), "this machine has no IPv6 loopback");
        // http listens on 127.0.0.1 only: the dial to [::1] on that port is refused, then IPv4 answers
        dns.address("dual.test", "::1", "127.0.0.1");
        assertValid(validate(settings, "http-01", dns("dual.test")));
        assertThat(http.requests()).containsExactly("dual.test " + CHALLENGE_PATH);
    }
}

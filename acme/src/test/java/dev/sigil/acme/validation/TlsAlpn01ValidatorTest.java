package dev.sigil.acme.validation;

import dev.sigil.acme.problem.ProblemType;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.DEROctetString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLContext;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.sigil.acme.validation.TestCertificates.acmeValue;
import static dev.sigil.acme.validation.TestCertificates.serverContext;
import static dev.sigil.acme.validation.Validations.KEY_AUTHORIZATION;
import static dev.sigil.acme.validation.Validations.assertFailed;
import static dev.sigil.acme.validation.Validations.assertValid;
import static dev.sigil.acme.validation.Validations.dns;
import static dev.sigil.acme.validation.Validations.ip;
import static dev.sigil.acme.validation.Validations.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** tls-alpn-01 (RFC 8737) against in-test TLS servers presenting Bouncy Castle-built certificates. */
@Timeout(60)
class TlsAlpn01ValidatorTest {

    private static final String NAME = "example.test";
    private static final List<String> ACME_TLS = List.of("acme-tls/1");

    private TestDns dns;
    private TlsAlpnServer server;

    @BeforeEach
    void startDns() throws Exception {
        dns = TestDns.start().address(NAME, "127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        dns.close();
    }

    private ValidationResult validateAgainst(SSLContext certificate, List<String> alpn) throws Exception {
        server = TlsAlpnServer.start(InetAddress.getByName("127.0.0.1"), certificate, alpn);
        return validate(settings(server.port()), "tls-alpn-01", dns(NAME));
    }

    private ValidationSettings settings(int port) throws Exception {
        return ValidationSettings.defaults().withDnsResolver(dns.address()).withPorts(Validations.closedPort(), port)
                .withTimeout(Duration.ofSeconds(3));
    }

    @Test
    void acceptsTheRightCertificate() throws Exception {
        assertValid(validateAgainst(TestCertificates.goodFor(NAME, KEY_AUTHORIZATION), ACME_TLS));
        assertThat(server.serverNames()).containsExactly(NAME);
        assertThat(server.offeredProtocols()).containsExactly("acme-tls/1");
    }

    @Test
    void sanIsComparedCaseInsensitively() throws Exception {
        assertValid(validateAgainst(TestCertificates.goodFor("EXAMPLE.test", KEY_AUTHORIZATION), ACME_TLS));
    }

    @Test
    void ipIdentifierUsesTheReverseNameAsSniAndAnIpSan() throws Exception {
        server = TlsAlpnServer.start(InetAddress.getByName("127.0.0.1"), serverContext(
                List.of(TestCertificates.ip("127.0.0.1")), Optional.of(acmeValue(KEY_AUTHORIZATION)), true), ACME_TLS);
        assertValid(validate(settings(server.port()), "tls-alpn-01", ip("127.0.0.1")));
        assertThat(server.serverNames()).containsExactly("1.0.0.127.in-addr.arpa");
        assertThat(dns.questions()).isEmpty();
    }

    @Test
    void ipv6IdentifierUsesTheIp6ArpaName() throws Exception {
        assumeTrue(Validations.ipv6Loopback(), "this machine has no IPv6 loopback");
        server = TlsAlpnServer.start(InetAddress.getByName("::1"), serverContext(
                List.of(TestCertificates.ip("::1")), Optional.of(acmeValue(KEY_AUTHORIZATION)), true), ACME_TLS);
        assertValid(validate(settings(server.port()), "tls-alpn-01", ip("::1")));
        assertThat(server.serverNames()).containsExactly("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"
                + ".ip6.arpa");
    }

    @Test
    void dnsSanDoesNotProveAnIpIdentifier() throws Exception {
        server = TlsAlpnServer.start(InetAddress.getByName("127.0.0.1"), serverContext(
                List.of(TestCertificates.dns("127.0.0.1")), Optional.of(acmeValue(KEY_AUTHORIZATION)), true), ACME_TLS);
        String detail = assertFailed(validate(settings(server.port()), "tls-alpn-01", ip("127.0.0.1")),
                ProblemType.INCORRECT_RESPONSE);
        assertThat(detail).contains("subjectAltName must hold exactly 127.0.0.1");
    }

    @Test
    void wrongDigestIsAnIncorrectResponse() throws Exception {
        String detail = assertFailed(validateAgainst(TestCertificates.goodFor(NAME, "other.key-authorization"),
                ACME_TLS), ProblemType.INCORRECT_RESPONSE);
        assertThat(detail).startsWith("tls-alpn-01: incorrect validation certificate for example.test from 127.0.0.1:")
                .contains("acmeIdentifier extension holds")
                .contains(java.util.HexFormat.of().formatHex(Dns01Validator.sha256(KEY_AUTHORIZATION)) + " was expected");
    }

    @Test
    void missingExtensionIsAnIncorrectResponse() throws Exception {
        String detail = assertFailed(validateAgainst(serverContext(List.of(TestCertificates.dns(NAME)), Optional.empty(),
                true), ACME_TLS), ProblemType.INCORRECT_RESPONSE);
        assertThat(detail).contains("no acmeIdentifier extension");
    }

    @Test
    void nonCriticalExtensionIsAnIncorrectResponse() throws Exception {
        String detail = assertFailed(validateAgainst(serverContext(List.of(TestCertificates.dns(NAME)),
                Optional.of(acmeValue(KEY_AUTHORIZATION)), false), ACME_TLS), ProblemType.INCORRECT_RESPONSE);
        assertThat(detail).contains("acmeIdentifier extension is not critical");
    }

    @Test
    void extensionThatIsNotAnOctetStringIsRefused() throws Exception {
        String detail = assertFailed(validateAgainst(serverContext(List.of(TestCertificates.dns(NAME)),
                Optional.of(new DERUTF8String("digest")), true), ACME_TLS), ProblemType.INCORRECT_RESPONSE);
        assertThat(detail).contains("not an OCTET STRING of 32 bytes");
        String shortDigest = assertFailed(validateAgainst(serverContext(List.of(TestCertificates.dns(NAME)),
                Optional.of(new DEROctetString(new byte[31])), true), ACME_TLS), ProblemType.INCORRECT_RESPONSE);
        assertThat(shortDigest).contains("not an OCTET STRING of 32 bytes");
    }

    @Test
    void extraSanIsAnIncorrectResponse() throws Exception {
        String detail = assertFailed(validateAgainst(serverContext(List.of(TestCertificates.dns(NAME),
                        TestCertificates.dns("extra.test")), Optional.of(acmeValue(KEY_AUTHORIZATION)), true), ACME_TLS),
                ProblemType.INCORRECT_RESPONSE);
        assertThat(detail).contains("must hold exactly example.test, but it holds \"example.test\", \"extra.test\"");
    }

    @Test
    void otherNameInSanIsAnIncorrectResponse() throws Exception {
        String detail = assertFailed(validateAgainst(serverContext(List.of(TestCertificates.dns("other.test")),
                Optional.of(acmeValue(KEY_AUTHORIZATION)), true), ACME_TLS), ProblemType.INCORRECT_RESPONSE);
        assertThat(detail).contains("but it holds \"other.test\"");
    }

    @Test
    void noSanIsAnIncorrectResponse() throws Exception {
        String detail = assertFailed(validateAgainst(serverContext(List.of(), Optional.of(acmeValue(KEY_AUTHORIZATION)),
                true), ACME_TLS), ProblemType.INCORRECT_RESPONSE);
        assertThat(detail).contains("but it holds nothing");
    }

    @Test
    void serverWithoutAlpnIsUnauthorized() throws Exception {
        String detail = assertFailed(validateAgainst(TestCertificates.goodFor(NAME, KEY_AUTHORIZATION), List.of()),
                ProblemType.UNAUTHORIZED);
        assertThat(detail).contains("did not negotiate the ALPN protocol acme-tls/1");
    }

    @Test
    void serverSpeakingOnlyOtherProtocolsIsATlsProblem() throws Exception {
        // the server refuses the handshake with a no_application_protocol alert
        String detail = assertFailed(validateAgainst(TestCertificates.goodFor(NAME, KEY_AUTHORIZATION),
                List.of("h2", "http/1.1")), ProblemType.TLS);
        assertThat(detail).startsWith("tls-alpn-01: connecting to example.test: TLS error: ")
                .contains("no_application_protocol");
    }

    @Test
    void plainTcpServerIsATlsProblem() throws Exception {
        try (java.net.ServerSocket plain = new java.net.ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (var s = plain.accept()) {
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                } catch (java.io.IOException ignored) {
                    // closed
                }
            });
            assertFailed(validate(settings(plain.getLocalPort()), "tls-alpn-01", dns(NAME)), ProblemType.TLS);
        }
    }

    @Test
    void nothingListeningIsAConnectionProblem() throws Exception {
        int closed = Validations.closedPort();
        String detail = assertFailed(validate(settings(closed), "tls-alpn-01", dns(NAME)), ProblemType.CONNECTION);
        assertThat(detail).isEqualTo("tls-alpn-01: connecting to example.test: connection refused (127.0.0.1:"
                + closed + ")");
    }

    @Test
    void refusesAWildcardIdentifier() throws Exception {
        assertFailed(validate(settings(443), "tls-alpn-01", dns("*.example.test")), ProblemType.MALFORMED);
        assertThat(dns.questions()).isEmpty();
    }
}

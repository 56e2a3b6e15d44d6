package dev.sigil.acme.identifier;

import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.storage.acme.AcmeIdentifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentifiersTest {

    @ParameterizedTest
    @CsvSource({
            "dns, Example.COM, example.com",
            "dns, *.Example.com, *.example.com",
            "dns, xn--bcher-kva.example, xn--bcher-kva.example",
            "dns, host, host",
            "ip, 192.0.2.1, 192.0.2.1",
            "ip, 0.0.0.0, 0.0.0.0",
            "ip, 2001:DB8:0:0:0:0:0:1, 2001:db8::1",
            "ip, 2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "ip, 2001:0db8:0000:0001:0001:0001:0001:0001, 2001:db8:0:1:1:1:1:1",
            "ip, ::, ::",
            "ip, ::ffff:192.0.2.1, 192.0.2.1",
            "ip, fe80:0:0:0:1:0:0:0, fe80::1:0:0:0",
    })
    void canonicalForms(String type, String value, String canonical) {
        assertThat(Identifiers.canonical(type, value)).isEqualTo(new AcmeIdentifier(type, canonical));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com.", "exa mple.com", "-a.example", "a-.example", "a..example", "*.", "*",
            "a.*.example", "**.example", "bücher.example", "1.2.3.4", "a.123", "_acme.example",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example"})
    void badDnsNamesAreRejectedIdentifier(String name) {
        assertThatThrownBy(() -> Identifiers.canonical("dns", name)).isInstanceOfSatisfying(AcmeProblem.class,
                p -> assertThat(p.type()).isEqualTo(ProblemType.REJECTED_IDENTIFIER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "::1%eth0", "fe80::1::2", "localhost",
            "example.com", "1:2:3:4:5:6:7:8:9", ""})
    void badIpAddressesAreRejectedIdentifier(String ip) {
        assertThatThrownBy(() -> Identifiers.canonical("ip", ip)).isInstanceOfSatisfying(AcmeProblem.class,
                p -> assertThat(p.type()).isEqualTo(ProblemType.REJECTED_IDENTIFIER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"email", "DNS", "uri", ""})
    void otherTypesAreUnsupported(String type) {
        assertThatThrownBy(() -> Identifiers.canonical(type, "x")).isInstanceOfSatisfying(AcmeProblem.class,
                p -> assertThat(p.type()).isEqualTo(ProblemType.UNSUPPORTED_IDENTIFIER));
    }
}

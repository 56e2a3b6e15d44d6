package dev.sigil.service.ca.x509;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpAddressesTest {

    @Test
    void ipv6IsCompressedPerRfc5952() {
        assertThat(IpAddresses.canonical(IpAddresses.parseLiteral("0:0:0:0:0:0:0:1"))).isEqualTo("::1");
        assertThat(IpAddresses.canonical(IpAddresses.parseLiteral("2001:DB8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpAddresses.canonical(IpAddresses.parseLiteral("fd00::"))).isEqualTo("fd00::");
        assertThat(IpAddresses.canonical(IpAddresses.parseLiteral("2001:db8:1:1:1:1:0:1"))).isEqualTo("2001:db8:1:1:1:1:0:1");
        assertThat(IpAddresses.canonical(IpAddresses.parseLiteral("10.0.0.1"))).isEqualTo("10.0.0.1");
    }

    @Test
    void hostNamesAreNotLiterals() {
        assertThatThrownBy(() -> IpAddresses.parseLiteral("localhost")).hasMessageContaining("not an IP");
        assertThat(IpAddresses.isLiteral("ca.internal")).isFalse();
    }
}

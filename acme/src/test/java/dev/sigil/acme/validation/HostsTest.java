package dev.sigil.acme.validation;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class HostsTest {

    @Test
    void ipv6TextIsRfc5952() throws Exception {
        assertThat(Hosts.text(InetAddress.getByName("0:0:0:0:0:0:0:1"))).isEqualTo("::1");
        assertThat(Hosts.text(InetAddress.getByName("2001:DB8:0:0:0:0:2:1"))).isEqualTo("2001:db8::2:1");
        // the longest run of zeros is compressed, the first of equal runs, a single zero group never
        assertThat(Hosts.text(InetAddress.getByName("2001:db8:0:0:1:0:0:0"))).isEqualTo("2001:db8:0:0:1::");
        assertThat(Hosts.text(InetAddress.getByName("2001:db8:0:1:1:1:1:1"))).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(Hosts.text(InetAddress.getByName("2001:0:0:1:0:0:1:1"))).isEqualTo("2001::1:0:0:1:1");
        assertThat(Hosts.text(InetAddress.getByName("::"))).isEqualTo("::");
        assertThat(Hosts.urlHost(InetAddress.getByName("::1"))).isEqualTo("[::1]");
        assertThat(Hosts.urlHost(InetAddress.getByName("127.0.0.1"))).isEqualTo("127.0.0.1");
    }

    @Test
    void ipLiteralsAreParsedWithoutDns() {
        assertThat(Hosts.ipLiteral("192.0.2.1")).map(Hosts::text).contains("192.0.2.1");
        assertThat(Hosts.ipLiteral("2001:db8::1")).map(Hosts::text).contains("2001:db8::1");
        assertThat(Hosts.ipLiteral("localhost")).isEmpty();
        assertThat(Hosts.ipLiteral("example.test")).isEmpty();
        assertThat(Hosts.ipLiteral("256.0.0.1")).isEmpty();
        assertThat(Hosts.ipLiteral("1.2.3")).isEmpty();
        assertThat(Hosts.ipLiteral("fe80::1%eth0")).isEmpty();
        assertThat(Hosts.ipLiteral("[::1]")).isEmpty();
    }

    @Test
    void dnsNamesAreCheckedAndLowerCased() {
        assertThat(Hosts.dnsName("WWW.Example.Test")).contains("www.example.test");
        assertThat(Hosts.dnsName("_acme-challenge.x.test")).contains("_acme-challenge.x.test");
        assertThat(Hosts.dnsName("xn--bcher-kva.test")).contains("xn--bcher-kva.test");
        assertThat(Hosts.dnsName("-lead.test")).isEmpty();
        assertThat(Hosts.dnsName("trail-.test")).isEmpty();
        assertThat(Hosts.dnsName("a..test")).isEmpty();
        assertThat(Hosts.dnsName("example.test.")).isEmpty();
        assertThat(Hosts.dnsName("*.example.test")).isEmpty();
        assertThat(Hosts.dnsName("bücher.test")).isEmpty();
        assertThat(Hosts.dnsName("a".repeat(64) + ".test")).isEmpty();
        assertThat(Hosts.dnsName(("a".repeat(63) + ".").repeat(4) + "test")).isEmpty(); // 260 characters
    }

    @Test
    void reverseNamesFollowRfc8738() throws Exception {
        assertThat(Hosts.reverseName(InetAddress.getByName("192.0.2.5"))).isEqualTo("5.2.0.192.in-addr.arpa");
        assertThat(Hosts.reverseName(InetAddress.getByName("2001:db8::1"))).isEqualTo(
                "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
    }

    @Test
    void excerptsArePrintableAndShort() {
        assertThat(Excerpts.printable("a\r\nb\u0000c\u202ed", 100)).isEqualTo("a??b?c?d");
        assertThat(Excerpts.printable("x".repeat(200), 10)).isEqualTo("xxxxxxxxxx...");
        assertThat(Excerpts.printable("grüße", 10)).isEqualTo("grüße");
        assertThat(Excerpts.quoted("say \"hi\"\\")).isEqualTo("\"say \\\"hi\\\"\\\\\"");
    }
}

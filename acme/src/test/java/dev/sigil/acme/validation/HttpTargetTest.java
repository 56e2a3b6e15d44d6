package dev.sigil.acme.validation;

import dev.sigil.storage.acme.AcmeIdentifier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Redirect targets: where they lead, and which ones validation refuses (RFC 8555 §8.3, Boulder's rules). */
class HttpTargetTest {

    private static final int HTTP = 5002;
    private static final int HTTPS = 5001;
    private static final HttpTarget START = HttpTarget.initial(Target.of("http-01",
            new AcmeIdentifier("dns", "example.test")), "tok", HTTP);

    private static HttpTarget follow(String location) throws HttpTarget.Refused {
        return START.redirect(location, HTTP, HTTPS, false);
    }

    @Test
    void initialTargetIsPort80AsTheClientSeesIt() {
        assertThat(START.url()).isEqualTo("http://example.test/.well-known/acme-challenge/tok");
        assertThat(START.hostHeader()).isEqualTo("example.test");
        assertThat(START.dialPort()).isEqualTo(HTTP);
        HttpTarget v6 = HttpTarget.initial(Target.of("http-01", new AcmeIdentifier("ip", "::1")), "tok", HTTP);
        assertThat(v6.url()).isEqualTo("http://[::1]/.well-known/acme-challenge/tok");
        assertThat(v6.hostHeader()).isEqualTo("[::1]");
    }

    @Test
    void relativeAndAbsoluteLocations() throws Exception {
        HttpTarget relative = follow("../other?a=b#frag");
        assertThat(relative.url()).isEqualTo("http://example.test/.well-known/other?a=b");
        assertThat(relative.requestTarget()).isEqualTo("/.well-known/other?a=b");
        assertThat(relative.dialPort()).isEqualTo(HTTP);

        HttpTarget https = follow("HTTPS://WWW.Example.Test");
        assertThat(https.https()).isTrue();
        assertThat(https.host()).isEqualTo("www.example.test");
        assertThat(https.requestTarget()).isEqualTo("/");
        assertThat(https.dialPort()).isEqualTo(HTTPS);
        assertThat(https.hostHeader()).isEqualTo("www.example.test");

        HttpTarget explicit = follow("http://user:pw@b.test:" + HTTPS + "/x");
        assertThat(explicit.dialPort()).isEqualTo(HTTPS);
        assertThat(explicit.hostHeader()).isEqualTo("b.test:" + HTTPS);
        assertThat(explicit.url()).isEqualTo("http://b.test:" + HTTPS + "/x");

        assertThat(follow("http://b.test/caf\u00e9 ").requestTarget()).isEqualTo("/caf%C3%A9");
    }

    @Test
    void refusals() {
        assertRefused("ftp://example.test/", "only the http and https schemes");
        assertRefused("mailto:someone@example.test", "only the http and https schemes");
        assertRefused("http://example.test:8080/", "port 8080 is not allowed: only ports 5002 and 5001 are");
        assertRefused("http://example.test:80/", "port 80 is not allowed");
        assertRefused("http://10.0.0.1/", "IP address \"10.0.0.1\" is not allowed");
        assertRefused("http://[::1]:5002/", "IP address \"::1\" is not allowed");
        assertRefused("http://bad_host!.test/", "invalid");
        assertRefused("http:///path", "has no host");
        assertRefused("http://example.test/" + "a".repeat(2001), "longer than 2000");
        assertRefused("http://exa mple.test/", "invalid URL");
    }

    @Test
    void ipLiteralsAreFollowedForIpIdentifiers() throws Exception {
        HttpTarget ip = START.redirect("http://[0:0::1]/x", HTTP, HTTPS, true);
        assertThat(ip.ip()).isPresent();
        assertThat(ip.host()).isEqualTo("::1");
        assertThat(ip.hostHeader()).isEqualTo("[::1]");
    }

    private static void assertRefused(String location, String reason) {
        assertThatThrownBy(() -> follow(location)).isInstanceOf(HttpTarget.Refused.class).hasMessageContaining(reason);
    }
}

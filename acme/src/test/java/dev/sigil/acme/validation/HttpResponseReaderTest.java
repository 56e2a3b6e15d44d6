package dev.sigil.acme.validation;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpResponseReaderTest {

    private static HttpResponseReader.Response read(String wire) throws IOException {
        return HttpResponseReader.read(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)), 16);
    }

    @Test
    void contentLengthBody() throws Exception {
        HttpResponseReader.Response r = read("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloIGNORED");
        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(r.truncated()).isFalse();
    }

    @Test
    void chunkedBodyWithExtensionsAndTrailers() throws Exception {
        HttpResponseReader.Response r = read("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n"
                + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n");
        assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("abcde");
    }

    @Test
    void closeDelimitedBodyIsCutAtTheLimit() throws Exception {
        HttpResponseReader.Response r = read("HTTP/1.0 200 OK\r\n\r\n" + "x".repeat(100));
        assertThat(r.body()).hasSize(16);
        assertThat(r.truncated()).isTrue();
        HttpResponseReader.Response chunked = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "64\r\n" + "y".repeat(100) + "\r\n0\r\n\r\n");
        assertThat(chunked.body()).hasSize(16);
        assertThat(chunked.truncated()).isTrue();
    }

    @Test
    void bodyOfExactlyTheLimitIsNotTruncated() throws Exception {
        HttpResponseReader.Response r = read("HTTP/1.1 200 OK\r\nContent-Length: 16\r\n\r\n" + "z".repeat(16));
        assertThat(r.truncated()).isFalse();
        assertThat(r.body()).hasSize(16);
    }

    @Test
    void redirectKeepsItsLocationAndSkipsItsBody() throws Exception {
        HttpResponseReader.Response r = read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 301 Moved\r\n"
                + "LOCATION: /next\r\nLocation: /second\r\nContent-Length: 9999\r\n\r\n");
        assertThat(r.status()).isEqualTo(301);
        assertThat(r.location()).contains("/next");
        assertThat(r.body()).isEmpty();
    }

    @Test
    void refusesWhatIsNotHttp() {
        assertMalformed("SSH-2.0-OpenSSH_9.6\r\n", "status line");
        assertMalformed("", "without a response");
        assertMalformed("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "malformed header");
        assertMalformed("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "Content-Length");
        assertMalformed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", "before its Content-Length");
        assertMalformed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "chunk size");
        assertMalformed("HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(101) + "\r\n", "more than 100 header lines");
        assertMalformed("HTTP/1.1 200 " + "x".repeat(9000) + "\r\n\r\n", "longer than 8192");
        assertMalformed("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n", "ended before its headers did");
        assertMalformed("HTTP/1.1 200 OK\r\nContent-Le", "in the middle of a line");
        assertMalformed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", "inside its chunked body");
    }

    private static void assertMalformed(String wire, String reason) {
        assertThatThrownBy(() -> read(wire)).isInstanceOf(HttpResponseReader.MalformedResponse.class)
                .hasMessageContaining(reason);
    }
}

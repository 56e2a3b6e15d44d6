package dev.sigil.cli.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTest {

    private static Problem parse(String json, int status) throws Exception {
        return Problem.from(new ObjectMapper().readTree(json), status);
    }

    @Test
    void readsAllFieldsAndTheKind() throws Exception {
        Problem p = parse("{\"type\":\"urn:sigil:problem:bad-csr\",\"title\":\"Unacceptable\",\"status\":400,"
                + "\"detail\":\"RSA 1024 is too weak\"}", 400);

        assertThat(p.kind()).isEqualTo("bad-csr");
        assertThat(p.title()).isEqualTo("Unacceptable");
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.detail()).contains("RSA 1024 is too weak");
    }

    @Test
    void toleratesMissingFieldsAndForeignTypes() throws Exception {
        Problem p = parse("{\"type\":\"about:blank\"}", 418);

        assertThat(p.kind()).isEmpty();
        assertThat(p.title()).isEmpty();
        assertThat(p.status()).isEqualTo(418);
        assertThat(p.detail()).isEmpty();
    }
}

package dev.sigil.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.cli.config.ConfigException;
import dev.sigil.cli.http.ApiException;
import dev.sigil.cli.http.Problem;
import dev.sigil.cli.http.TransportException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorReporterTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String err() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static ApiException api(int status, String json) throws Exception {
        return new ApiException(status, Optional.of(Problem.from(new ObjectMapper().readTree(json), status)),
                Optional.empty());
    }

    @Test
    void rendersTitleAndDetail() throws Exception {
        ApiException e = api(400, "{\"type\":\"urn:sigil:problem:policy\",\"title\":\"Refused by policy\","
                + "\"status\":400,\"detail\":\"profile server does not allow the name www.example.com\"}");

        assertThat(ErrorReporter.render(e))
                .isEqualTo("error: Refused by policy: profile server does not allow the name www.example.com");
        assertThat(e.kind()).isEqualTo("policy");
    }

    @Test
    void rendersWhatThereIs() throws Exception {
        assertThat(ErrorReporter.render(api(404, "{\"title\":\"Not found\"}"))).isEqualTo("error: Not found");
        assertThat(ErrorReporter.render(api(500, "{\"detail\":\"boom\"}"))).isEqualTo("error: HTTP 500: boom");
        assertThat(ErrorReporter.render(new ApiException(502, Optional.empty(), Optional.of(Duration.ofSeconds(5)))))
                .isEqualTo("error: HTTP 502 (retry after 5s)");
    }

    @Test
    void stripsTerminalEscapesFromServerText() throws Exception {
        ApiException e = api(400, "{\"title\":\"Bad\\u001b[2J\",\"detail\":\"line1\\nline2\"}");

        assertThat(ErrorReporter.render(e)).isEqualTo("error: Bad?[2J: line1 line2");
    }

    @Test
    void reportReturnsTheMappedCodeAndAHintFor401() throws Exception {
        int code = new ErrorReporter(err, false).report(api(401, "{\"type\":\"urn:sigil:problem:unauthorized\","
                + "\"title\":\"Authentication required\"}"), Optional.of("--token-file /x/t"));

        assertThat(code).isEqualTo(ExitCodes.REFUSED);
        assertThat(err()).isEqualTo("error: Authentication required\nhint: the server does not accept the token "
                + "from --token-file /x/t; it may be mistyped or revoked\n");
    }

    @Test
    void localFailuresAreOneLineWithTheirCode() {
        ErrorReporter r = new ErrorReporter(err, false);

        assertThat(r.report(new CliException("certificate ab is already revoked", 1), Optional.empty())).isEqualTo(1);
        assertThat(r.report(new ConfigException("bad config"), Optional.empty())).isEqualTo(1);
        assertThat(r.report(new TransportException("TLS: nope", new RuntimeException()), Optional.empty()))
                .isEqualTo(1);
        assertThat(err().lines()).containsExactly("error: certificate ab is already revoked", "error: bad config",
                "error: TLS: nope");
    }

    @Test
    void unexpectedExceptionsHaveNoStackTraceWithoutDebug() {
        int code = new ErrorReporter(err, false).report(new IllegalStateException("oops"), Optional.empty());

        assertThat(code).isEqualTo(1);
        assertThat(err()).isEqualTo("error: unexpected IllegalStateException: oops (run again with --debug for "
                + "details)\n");
    }

    @Test
    void debugAddsTheStackTrace() {
        new ErrorReporter(err, true).report(new IllegalStateException("oops"), Optional.empty());

        assertThat(err()).startsWith("error: unexpected IllegalStateException: oops\n")
                .contains("java.lang.IllegalStateException: oops", "\tat ");
    }
}

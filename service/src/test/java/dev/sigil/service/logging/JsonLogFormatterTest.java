package dev.sigil.service.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLogFormatterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachRecordIsOneLineOfJsonWhateverItsMessageHolds() throws Exception {
        JsonLogFormatter f = new JsonLogFormatter();
        LogRecord plain = new LogRecord(Level.WARNING, "CRL for {0} took {1} ms");
        plain.setParameters(new Object[]{"int-\"x\"", 1234});
        plain.setLoggerName("dev.sigil.service.ca.crl.CrlPublisher");
        LogRecord tricky = new LogRecord(Level.INFO, "line one\nline two\ttab \u00e9\u4e2d \\ \u0001 \ud83d\udd11");
        LogRecord failed = new LogRecord(Level.SEVERE, "write failed");
        failed.setThrown(new IOException("disk \"full\"\nreally"));

        JsonNode a = one(f.format(plain));
        assertThat(a.path("level").asText()).isEqualTo("WARNING");
        assertThat(a.path("logger").asText()).isEqualTo("dev.sigil.service.ca.crl.CrlPublisher");
        assertThat(a.path("message").asText()).isEqualTo("CRL for int-\"x\" took 1,234 ms");
        assertThat(a.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(a.path("thread").isNumber()).isTrue();
        assertThat(a.has("error")).isFalse();

        assertThat(one(f.format(tricky)).path("message").asText())
                .isEqualTo("line one\nline two\ttab \u00e9\u4e2d \\ \u0001 \ud83d\udd11");

        JsonNode c = one(f.format(failed));
        assertThat(c.path("error").asText()).isEqualTo("java.io.IOException: disk \"full\"\nreally");
        assertThat(c.path("stack").asText()).contains("at dev.sigil.service.logging.JsonLogFormatterTest");
    }

    @Test
    void installedOnTheRootHandlersItFormatsWhatTheRedactingFilterLetsThrough() throws Exception {
        Logger root = Logger.getLogger("");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamHandler handler = new StreamHandler(out, new SimpleFormatter());
        handler.setFilter(new RedactingFilter());
        root.addHandler(handler);
        List<java.util.logging.Formatter> before = java.util.Arrays.stream(root.getHandlers())
                .map(Handler::getFormatter).toList();
        try {
            JsonLogFormatter.install();
            Logger.getLogger("io.helidon.test").warning("Authorization: Bearer sgl_abcdefghijklmnopqrstuvwxyz012345");
            handler.flush();
        } finally {
            root.removeHandler(handler);
            Handler[] handlers = root.getHandlers();
            for (int i = 0; i < handlers.length; i++) {
                handlers[i].setFormatter(before.get(i));
            }
        }
        String line = out.toString(StandardCharsets.UTF_8);
        JsonNode record = one(line);
        assertThat(record.path("logger").asText()).isEqualTo("io.helidon.test");
        assertThat(record.path("message").asText()).startsWith("Authorization: Bearer ").doesNotContain("sgl_abcdef");
    }

    private static JsonNode one(String formatted) throws Exception {
        assertThat(formatted).endsWith(System.lineSeparator());
        assertThat(formatted.strip().lines()).as("one line: " + formatted).hasSize(1);
        return JSON.readTree(formatted);
    }
}

package dev.sigil.service.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * {@code sigil.log.format: json}: one JSON object per line, for log shippers (Loki, Elasticsearch, Cloud Logging):
 * {@code {"time":"2026-12-04T12:00:00.123Z","level":"INFO","logger":"dev.sigil...","thread":42,"message":"...",
 * "error":"java.io.IOException: ...","stack":"..."}} ({@code error} and {@code stack} only with a throwable).
 * Jackson's generator does the escaping. The handlers' filter (RedactingFilter) runs before this, so messages are
 * already redacted; log lines never go to clients.
 */
public final class JsonLogFormatter extends Formatter {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String format(LogRecord record) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", record.getInstant().toString());
            g.writeStringField("level", record.getLevel().getName());
            g.writeStringField("logger", record.getLoggerName() == null ? "" : record.getLoggerName());
            g.writeNumberField("thread", record.getLongThreadID());
            g.writeStringField("message", formatMessage(record));
            Throwable t = record.getThrown();
            if (t != null) {
                g.writeStringField("error", t.toString());
                StringWriter stack = new StringWriter();
                t.printStackTrace(new PrintWriter(stack));
                g.writeStringField("stack", stack.toString());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.append(System.lineSeparator()).toString();
    }

    /** Puts this formatter on every handler of the root logger (the console handler of logging.properties). */
    public static void install() {
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.setFormatter(new JsonLogFormatter());
        }
    }
}

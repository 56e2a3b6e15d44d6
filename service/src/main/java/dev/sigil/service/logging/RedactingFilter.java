package dev.sigil.service.logging;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;

/**
 * Defence in depth for log handlers (logging.properties installs it on the console handler): Sigil's own code never
 * logs a secret, but a library at a debug level may, e.g. Helidon prints request headers at FINE and bodies at
 * FINER. Before a record is published, its formatted message has bearer tokens, Sigil token secrets, PEM private
 * keys and the rows of Helidon's hex dumps (where a secret is cut into 16-byte pieces) replaced. Records are never dropped. Exception messages are left as they are (Sigil's own never carry
 * secrets; rewriting a throwable would lose its stack trace).
 */
public final class RedactingFilter implements Filter {

    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}");
    /** Helidon's FINER body dumps: {@code |00000100| 22 2c ... |","token":"sgl_u|}, a secret cut into rows. */
    private static final Pattern HEX_DUMP_ROW = Pattern.compile("(?m)^\\|[0-9a-f]{8}\\|.*$");
    private static final Pattern TOKEN = Pattern.compile("sgl_[A-Za-z0-9_-]{16,}");
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----.*?(-----END \\1PRIVATE KEY-----|\\z)", Pattern.DOTALL);
    private final SimpleFormatter formatter = new SimpleFormatter();

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record.getMessage();
        if (message == null) {
            return true;
        }
        String formatted = formatter.formatMessage(record);
        String redacted = redact(formatted);
        if (!redacted.equals(formatted)) {
            record.setMessage(redacted);
            record.setParameters(null);
            record.setResourceBundle(null);
        }
        return true;
    }

    /** {@code text} with bearer tokens, token secrets and PEM private keys replaced. */
    public static String redact(String text) {
        String r = PRIVATE_KEY.matcher(text).replaceAll("[private key redacted]");
        r = HEX_DUMP_ROW.matcher(r).replaceAll("|[dump row redacted]|");
        r = BEARER.matcher(r).replaceAll("$1[redacted]");
        return TOKEN.matcher(r).replaceAll("sgl_[redacted]");
    }
}

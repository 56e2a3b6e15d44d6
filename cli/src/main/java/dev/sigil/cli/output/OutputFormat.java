package dev.sigil.cli.output;

import java.util.Locale;

/**
 * What a command prints: a human table, the API's JSON, PEM text, or CSV (RFC 4180) for spreadsheets. Not every
 * command supports every format.
 */
public enum OutputFormat {
    TABLE,
    JSON,
    PEM,
    CSV;

    /** The name users type, lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static OutputFormat parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        for (OutputFormat f : values()) {
            if (f.name().equals(t)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown output format '" + text + "' (use table, json, pem or csv)");
    }
}

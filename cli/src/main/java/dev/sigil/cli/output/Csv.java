package dev.sigil.cli.output;

import java.io.PrintStream;
import java.util.List;

/**
 * CSV as RFC 4180 has it: a header line, CRLF line ends, and a field quoted (with inner quotes doubled) when it
 * holds a comma, a quote or a line break. Values are written as they are, control characters included, so that a
 * parser gets back exactly what the server sent.
 */
public final class Csv {

    private static final String CRLF = "\r\n";

    private final PrintStream out;
    private final int columns;

    /** Writes the header line at once. */
    public Csv(PrintStream out, String... headers) {
        this.out = out;
        this.columns = headers.length;
        row(headers);
    }

    /** Writes one record; it must have one field per column. */
    public Csv row(String... fields) {
        if (fields.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " fields, got " + fields.length);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(field(fields[i]));
        }
        out.print(sb.append(CRLF));
        return this;
    }

    /** Writes one record from a list. */
    public Csv row(List<String> fields) {
        return row(fields.toArray(String[]::new));
    }

    static String field(String value) {
        String v = value == null ? "" : value;
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}

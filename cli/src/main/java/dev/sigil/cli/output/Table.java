package dev.sigil.cli.output;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns, two spaces apart, header in capitals. Cells are cleaned of control
 * characters; the last column is not padded so that lines carry no trailing blanks.
 */
public final class Table {

    private static final String GAP = "  ";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param headers the column titles, left to right */
    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    /** Adds a row; it must have one cell per column. */
    public Table row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        List<String> clean = new ArrayList<>(cells.length);
        for (String c : cells) {
            clean.add(Terminal.clean(c));
        }
        rows.add(clean);
        return this;
    }

    /** Number of data rows so far. */
    public int size() {
        return rows.size();
    }

    /** Prints the header and every row. */
    public void print(PrintStream out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
        }
        for (List<String> r : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        printLine(out, headers, widths);
        for (List<String> r : rows) {
            printLine(out, r, widths);
        }
    }

    private static void printLine(PrintStream out, List<String> cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            sb.append(c);
            if (i < cells.size() - 1) {
                sb.append(" ".repeat(widths[i] - c.length())).append(GAP);
            }
        }
        out.println(sb.toString().stripTrailing());
    }
}

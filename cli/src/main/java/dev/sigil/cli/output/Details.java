package dev.sigil.cli.output;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A block of "label: value" lines with the values aligned, for showing one object. Empty values are skipped. */
public final class Details {

    private record Line(String label, String value) {
    }

    private final List<Line> lines = new ArrayList<>();

    /** Adds a line unless the value is null or blank. */
    public Details add(String label, String value) {
        if (value != null && !value.isBlank()) {
            lines.add(new Line(label, Terminal.clean(value)));
        }
        return this;
    }

    /** Adds a line if the value is present and not blank. */
    public Details add(String label, Optional<String> value) {
        return add(label, value.orElse(null));
    }

    /** Prints the lines, each indented by {@code indent} spaces. */
    public void print(PrintStream out, int indent) {
        int width = 0;
        for (Line l : lines) {
            width = Math.max(width, l.label().length() + 1);
        }
        for (Line l : lines) {
            String label = l.label() + ":";
            out.println(" ".repeat(indent) + label + " ".repeat(width - label.length() + 1) + l.value());
        }
    }
}

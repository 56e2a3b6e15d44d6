package dev.sigil.cli.output;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {

    private static String print(Table t) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        t.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void alignsColumnsAndLeavesNoTrailingBlanks() {
        Table t = new Table("A", "LONG HEADER", "C").row("wide cell", "x", "").row("y", "z", "last");

        assertThat(print(t).lines()).containsExactly(
                "A          LONG HEADER  C",
                "wide cell  x",
                "y          z            last");
    }

    @Test
    void cleansControlCharactersFromCells() {
        Table t = new Table("X").row("evil\u001b[31mred\nnext");

        assertThat(print(t)).contains("evil?[31mred next").doesNotContain("\u001b");
    }

    @Test
    void rejectsRowsOfTheWrongWidth() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cleanLinesKeepsLineBreaksButNotEscapes() {
        assertThat(Terminal.cleanLines("-----BEGIN X-----\r\nAB\u001bC\n-----END X-----"))
                .isEqualTo("-----BEGIN X-----\nAB?C\n-----END X-----");
    }
}

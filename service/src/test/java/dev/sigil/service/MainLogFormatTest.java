package dev.sigil.service;

import dev.sigil.service.config.SigilConfig;
import dev.sigil.service.logging.JsonLogFormatter;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code sigil.log.format} (SIGIL_LOG_FORMAT) as the server reads it at start. */
class MainLogFormatTest {

    @Test
    void jsonPutsTheJsonFormatterOnTheConsoleHandlerAndAnythingElseButTextIsRefused() {
        Logger root = Logger.getLogger("");
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new SimpleFormatter());
        root.addHandler(console);
        try {
            Main.logFormat(SigilConfig.load(Optional.empty(), Map.of(), Map.of()));
            assertThat(console.getFormatter()).isInstanceOf(SimpleFormatter.class);
            Main.logFormat(SigilConfig.load(Optional.empty(), Map.of("SIGIL_LOG_FORMAT", "json"), Map.of()));
            assertThat(console.getFormatter()).isInstanceOf(JsonLogFormatter.class);
            assertThatThrownBy(() -> Main.logFormat(SigilConfig.load(Optional.empty(), Map.of(),
                    Map.of("sigil.log.format", "xml"))))
                    .hasMessage("sigil.log.format must be text or json, not 'xml'");
        } finally {
            root.removeHandler(console);
            for (Handler h : root.getHandlers()) {
                if (h.getFormatter() instanceof JsonLogFormatter) {
                    h.setFormatter(new SimpleFormatter());
                }
            }
        }
    }
}

package dev.sigil.cli.doctor;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Clock skew from canned {@code Date} headers. */
class ClockSkewTest {

    private static final Instant LOCAL = Instant.parse("2026-11-23T20:00:00Z");

    private static Check at(String date) {
        return ClockSkew.check(Optional.of(date), LOCAL);
    }

    @Test
    void underTwoSecondsIsInSyncWhateverTheDirection() {
        Check sync = Check.ok("clock", "in sync with the server (within 2 s; the Date header has whole seconds)");
        assertThat(at("Mon, 23 Nov 2026 20:00:01 GMT")).isEqualTo(sync);
        // Date 19:59:58 means a server time in [19:59:58, 19:59:59): 1.x s behind a local 20:00:00.
        assertThat(ClockSkew.check(Optional.of("Mon, 23 Nov 2026 19:59:58 GMT"), LOCAL.minusMillis(100)))
                .isEqualTo(sync);
        assertThat(at("Mon, 23 Nov 2026 19:59:58 GMT").status()).isEqualTo(Check.Status.OK);
        assertThat(at("Mon, 23 Nov 2026 19:59:58 GMT").detail()).isEqualTo("this machine's clock is 2 s ahead of the"
                + " server's");
    }

    @Test
    void thirtySecondsIsStillOkAndThirtyOneWarns() {
        assertThat(at("Mon, 23 Nov 2026 20:00:30 GMT").status()).isEqualTo(Check.Status.OK);
        Check warn = at("Mon, 23 Nov 2026 20:00:31 GMT");
        assertThat(warn.status()).isEqualTo(Check.Status.WARN);
        assertThat(warn.detail()).startsWith("this machine's clock is 31 s behind the server's");
    }

    @Test
    void fiveMinutesWarnsAndMoreFailsInEitherDirection() {
        assertThat(at("Mon, 23 Nov 2026 19:55:00 GMT").status()).isEqualTo(Check.Status.WARN);
        Check ahead = at("Mon, 23 Nov 2026 19:54:59 GMT");
        assertThat(ahead.status()).isEqualTo(Check.Status.FAIL);
        assertThat(ahead.detail()).startsWith("this machine's clock is 5 min 1 s ahead of the server's");
        Check behind = at("Tue, 24 Nov 2026 23:00:00 GMT");
        assertThat(behind.status()).isEqualTo(Check.Status.FAIL);
        assertThat(behind.detail()).startsWith("this machine's clock is 27 h 0 min behind");
    }

    @Test
    void aMissingOrBrokenHeaderWarnsThatNothingWasChecked() {
        assertThat(ClockSkew.check(Optional.empty(), LOCAL).status()).isEqualTo(Check.Status.WARN);
        Check broken = at("yesterday");
        assertThat(broken.status()).isEqualTo(Check.Status.WARN);
        assertThat(broken.detail()).contains("'yesterday' does not parse");
    }
}

package dev.sigil.storage.jpa;

import dev.sigil.storage.certificate.CertificateSort;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageCursorTest {

    @Test
    void roundTripsAsUrlSafeText() {
        for (CertificateSort sort : CertificateSort.values()) {
            for (boolean descending : new boolean[] {true, false}) {
                PageCursor c = new PageCursor(sort, descending, -1_234_567L, "7c1e0f", "int-3f9a1c2b");
                String encoded = c.encode();
                assertThat(encoded).matches("[A-Za-z0-9_-]+");
                assertThat(PageCursor.decode(encoded)).isEqualTo(c);
            }
        }
    }

    @Test
    void refusesAnythingItDidNotProduce() {
        for (String bad : new String[]{"", "!!", "YWJj",
                new PageCursor(CertificateSort.ISSUED, true, 1, "ab", "int-1").encode() + "A",
                java.util.Base64.getUrlEncoder().encodeToString("c1:1:ab:int-1".getBytes()),
                java.util.Base64.getUrlEncoder().encodeToString("c2:issued:d:1:XYZ:int-1".getBytes()),
                java.util.Base64.getUrlEncoder().encodeToString("c2:issued:d:x:ab:int-1".getBytes()),
                java.util.Base64.getUrlEncoder().encodeToString("c2:color:d:1:ab:int-1".getBytes()),
                java.util.Base64.getUrlEncoder().encodeToString("c2:issued:up:1:ab:int-1".getBytes()),
                "A".repeat(500)}) {
            assertThatThrownBy(() -> PageCursor.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void microsAreExactAndFloorSubMicroseconds() {
        Instant i = Instant.parse("2026-11-23T20:00:00.123456789Z");
        assertThat(Micros.toInstant(Micros.of(i))).isEqualTo(Instant.parse("2026-11-23T20:00:00.123456Z"));
        Instant before = Instant.parse("1969-12-31T23:59:59.999999Z");
        assertThat(Micros.of(before)).isEqualTo(-1);
        assertThat(Micros.toInstant(-1)).isEqualTo(before);
        assertThatThrownBy(() -> Micros.of(Instant.MAX)).isInstanceOf(IllegalArgumentException.class);
    }
}

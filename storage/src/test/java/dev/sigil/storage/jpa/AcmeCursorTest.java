package dev.sigil.storage.jpa;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AcmeCursorTest {

    private static String b64(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void roundTripsAsUrlSafeText() {
        AcmeCursor c = new AcmeCursor(-1_234_567L, "Ab_9-x.~Z");
        String encoded = c.encode();
        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(AcmeCursor.decode(encoded)).isEqualTo(c);
    }

    @Test
    void refusesCertificateCursorsAndAnythingElseItDidNotProduce() {
        String certificateCursor = new PageCursor(dev.sigil.storage.certificate.CertificateSort.ISSUED, true, 1, "ab",
                "int-1").encode();
        for (String bad : new String[]{"", "!!", certificateCursor, b64("a1:1"), b64("a1:x:abc"), b64("a2:1:abc"),
                b64("a1:1:"), b64("a1:1:has space"), b64("a1:1:" + "i".repeat(AcmeLimits.ID + 1)), "A".repeat(500)}) {
            assertThatThrownBy(() -> AcmeCursor.decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

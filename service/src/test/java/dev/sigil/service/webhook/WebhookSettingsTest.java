package dev.sigil.service.webhook;

import dev.sigil.service.config.SigilConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSettingsTest {

    static final String SECRET = WebhookSignatureTest.SECRET;

    @TempDir
    Path dir;

    static Optional<WebhookSettings> load(Map<String, String> overrides) {
        return WebhookSettings.from(SigilConfig.load(Optional.empty(), Map.of(), overrides));
    }

    static Map<String, String> with(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void withoutAUrlWebhooksAreOff() {
        assertThat(load(Map.of())).isEmpty();
        assertThat(load(with("sigil.webhook.secret", SECRET))).isEmpty();
    }

    @Test
    void defaultsWithASecretFromTheEnvironment() {
        SigilConfig config = SigilConfig.load(Optional.empty(),
                Map.of("SIGIL_WEBHOOK_URL", "https://hooks.example.internal/sigil", "SIGIL_WEBHOOK_SECRET", SECRET), Map.of());
        WebhookSettings s = WebhookSettings.from(config).orElseThrow();

        assertThat(s.url().toString()).isEqualTo("https://hooks.example.internal/sigil");
        assertThat(s.maxAttempts()).isEqualTo(12);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.backoff()).isEqualTo(new Backoff(Duration.ofSeconds(30), Duration.ofHours(1)));
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.checkInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(s.windows()).extracting(NoticeWindow::label).containsExactly("30d", "7d", "1d");
        assertThat(s.excludedProfiles()).containsExactlyInAnyOrder("ocsp-signer", "sigil-tls");
        assertThat(s.toString()).doesNotContain(SECRET);
        assertThat(s.secret().sign(1, new byte[0])).isEqualTo(ReceiverHmac.expectedSignature(SECRET, "1", new byte[0]));
    }

    @Test
    void secretFromAFileAndEverySettingConfigurable() throws Exception {
        Path file = dir.resolve("webhook-secret");
        Files.writeString(file, SECRET + "\n");
        WebhookSettings s = load(with("sigil.webhook.url", "http://127.0.0.1:8000/hook", "sigil.webhook.secret-file",
                file.toString(), "sigil.webhook.max-attempts", "3", "sigil.webhook.timeout", "2s",
                "sigil.webhook.retry-base", "1s", "sigil.webhook.poll-interval", "1s",
                "sigil.expiry.notice-windows", "1d,14d,12h", "sigil.expiry.check-interval", "5m",
                "sigil.expiry.excluded-profiles", "iot-short")).orElseThrow();

        assertThat(s.secret().sign(7, new byte[]{1})).isEqualTo(ReceiverHmac.expectedSignature(SECRET, "7", new byte[]{1}));
        assertThat(s.maxAttempts()).isEqualTo(3);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.backoff().base()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.windows()).extracting(NoticeWindow::label).containsExactly("14d", "1d", "12h");
        assertThat(s.checkInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.excludedProfiles()).containsExactlyInAnyOrder("iot-short", "ocsp-signer", "sigil-tls");
    }

    @Test
    void refusesAUrlWithoutSecretAndBadUrlsWithClearMessages() {
        assertThatThrownBy(() -> load(with("sigil.webhook.url", "https://h.internal/x")))
                .hasMessageContaining("no signing secret").hasMessageContaining("sigil.webhook.secret-file");
        for (String bad : List.of("ftp://h.internal/x", "hooks.internal/x", "https:///nohost", "https://u:p@h.internal/")) {
            assertThatThrownBy(() -> load(with("sigil.webhook.url", bad, "sigil.webhook.secret", SECRET)))
                    .as(bad).hasMessageContaining("sigil.webhook.url");
        }
        assertThatThrownBy(() -> load(with("sigil.webhook.url", "https://h.internal/x", "sigil.webhook.secret", SECRET,
                "sigil.webhook.secret-file", "/nonexistent"))).hasMessageContaining("not both");
        assertThatThrownBy(() -> load(with("sigil.webhook.url", "https://h.internal/x", "sigil.webhook.secret-file",
                dir.resolve("missing").toString()))).hasMessageContaining("cannot read sigil.webhook.secret-file");
        assertThatThrownBy(() -> load(with("sigil.webhook.url", "https://h.internal/x", "sigil.webhook.secret", "tooshort")))
                .hasMessageContaining("at least 16").hasMessageNotContaining("tooshort");
        assertThatThrownBy(() -> load(with("sigil.webhook.url", "https://h.internal/x", "sigil.webhook.secret", SECRET,
                "sigil.expiry.notice-windows", "7d,168h"))).hasMessageContaining("twice");
        assertThatThrownBy(() -> load(with("sigil.webhook.url", "https://h.internal/x", "sigil.webhook.secret", SECRET,
                "sigil.webhook.max-attempts", "0"))).hasMessageContaining("max-attempts");
    }
}

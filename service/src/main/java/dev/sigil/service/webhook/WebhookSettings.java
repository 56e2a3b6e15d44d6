package dev.sigil.service.webhook;

import dev.sigil.service.ca.ocsp.OcspSigners;
import dev.sigil.service.config.ConfigKeys;
import dev.sigil.service.config.SigilConfig;
import dev.sigil.service.web.ServerTls;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Webhook and expiry notice settings. Webhooks are off unless {@code sigil.webhook.url} is set; with a URL, a
 * secret is required (a receiver must be able to tell Sigil's requests from anyone else's). The record's
 * {@code toString} shows the secret redacted.
 *
 * @param excludedProfiles profiles whose certificates get no expiry notice: always the internal, self-renewing ones
 */
public record WebhookSettings(URI url, WebhookSecret secret, int maxAttempts, Duration timeout, Backoff backoff,
                              Duration pollInterval, List<NoticeWindow> windows, Duration checkInterval,
                              Set<String> excludedProfiles) {

    /** Most attempts allowed per delivery (with the 1h cap, about six weeks of retrying). */
    public static final int MAX_ATTEMPTS_LIMIT = 1000;
    public static final int DEFAULT_MAX_ATTEMPTS = 12;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_BASE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofHours(1);
    public static final List<String> DEFAULT_WINDOWS = List.of("30d", "7d", "1d");
    /** Certificates Sigil issues to itself and replaces long before they expire: a notice would be noise. */
    public static final Set<String> INTERNAL_PROFILES = Set.of(OcspSigners.PROFILE, ServerTls.PROFILE);

    public WebhookSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
            throw new IllegalArgumentException(ConfigKeys.WEBHOOK_MAX_ATTEMPTS + " must be 1.." + MAX_ATTEMPTS_LIMIT);
        }
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(pollInterval, "pollInterval");
        windows = List.copyOf(windows);
        Objects.requireNonNull(checkInterval, "checkInterval");
        Set<String> excluded = new HashSet<>(excludedProfiles);
        excluded.addAll(INTERNAL_PROFILES);
        excludedProfiles = Set.copyOf(excluded);
    }

    /**
     * The settings, or empty when no webhook URL is configured.
     *
     * @throws IllegalArgumentException with a message for the operator (never the secret) if they are unusable
     */
    public static Optional<WebhookSettings> from(SigilConfig config) {
        Optional<String> url = config.string(ConfigKeys.WEBHOOK_URL);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        Duration retryBase = config.duration(ConfigKeys.WEBHOOK_RETRY_BASE, DEFAULT_RETRY_BASE);
        if (retryBase.compareTo(Backoff.MAX_DELAY) > 0) {
            throw new IllegalArgumentException(ConfigKeys.WEBHOOK_RETRY_BASE + " must be at most " + Backoff.MAX_DELAY.toHours() + "h");
        }
        List<NoticeWindow> windows;
        try {
            windows = NoticeWindow.parseAll(config.list(ConfigKeys.EXPIRY_NOTICE_WINDOWS).orElse(DEFAULT_WINDOWS));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ConfigKeys.EXPIRY_NOTICE_WINDOWS + ": " + e.getMessage());
        }
        return Optional.of(new WebhookSettings(url(url.get()), secret(config),
                config.integer(ConfigKeys.WEBHOOK_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS),
                config.duration(ConfigKeys.WEBHOOK_TIMEOUT, DEFAULT_TIMEOUT),
                new Backoff(retryBase, Backoff.MAX_DELAY),
                config.duration(ConfigKeys.WEBHOOK_POLL_INTERVAL, DEFAULT_POLL_INTERVAL),
                windows,
                config.duration(ConfigKeys.EXPIRY_CHECK_INTERVAL, DEFAULT_CHECK_INTERVAL),
                Set.copyOf(config.list(ConfigKeys.EXPIRY_EXCLUDED_PROFILES).orElse(List.of()))));
    }

    static URI url(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(ConfigKeys.WEBHOOK_URL + " is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new IllegalArgumentException(ConfigKeys.WEBHOOK_URL + " must be an http:// or https:// URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            // Credentials in the URL would be stored in config dumps and logs; the signature authenticates Sigil.
            throw new IllegalArgumentException(ConfigKeys.WEBHOOK_URL + " must not carry user:password@");
        }
        return uri;
    }

    static WebhookSecret secret(SigilConfig config) {
        Optional<String> value = config.string(ConfigKeys.WEBHOOK_SECRET);
        Optional<String> file = config.string(ConfigKeys.WEBHOOK_SECRET_FILE);
        if (value.isPresent() && file.isPresent()) {
            throw new IllegalArgumentException("set one of " + ConfigKeys.WEBHOOK_SECRET + " and "
                    + ConfigKeys.WEBHOOK_SECRET_FILE + ", not both");
        }
        if (value.isEmpty() && file.isEmpty()) {
            throw new IllegalArgumentException(ConfigKeys.WEBHOOK_URL + " is set but no signing secret: set "
                    + ConfigKeys.WEBHOOK_SECRET_FILE + " (or SIGIL_WEBHOOK_SECRET)");
        }
        String text;
        String origin;
        if (file.isPresent()) {
            Path path = Path.of(file.get());
            origin = ConfigKeys.WEBHOOK_SECRET_FILE + " (" + path + ")";
            try {
                text = Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                // The exception's message names the file and the reason, never the content.
                throw new IllegalArgumentException("cannot read " + origin + ": " + e.getClass().getSimpleName());
            }
        } else {
            origin = ConfigKeys.WEBHOOK_SECRET;
            text = value.get();
        }
        try {
            return new WebhookSecret(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": " + e.getMessage());
        }
    }
}

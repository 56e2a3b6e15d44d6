package dev.sigil.cli.ssh;

import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.ExitCodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Fetches the KRL from Sigil's public HTTP listener (no token: sshd hosts refresh it from cron) and checks that what
 * came back is a KRL before anyone writes it over the file sshd reads: a proxy's HTML error page in RevokedKeys would
 * make sshd refuse every certificate login.
 */
final class KrlDownload {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** A KRL of 100,000 revoked serials is about 31 KB; this bounds what a wrong URL can make us buffer. */
    static final int MAX_BYTES = 64 * 1024 * 1024;
    /** Path of the KRL below the public base URL. */
    static final String PATH = "/ssh/revoked_keys.krl";

    /** PROTOCOL.krl: {@code "SSHKRL\n\0"}, then uint32 format version, uint64 krl_version, uint64 generated_date. */
    private static final byte[] MAGIC = "SSHKRL\n\0".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER_BYTES = MAGIC.length + 4 + 8 + 8;
    private static final int FORMAT_VERSION = 1;

    /**
     * What the KRL header says.
     *
     * @param version   the krl_version, increasing with each KRL the server publishes
     * @param generated when the server generated it
     * @param bytes     the whole KRL
     */
    record Krl(long version, Instant generated, byte[] bytes) {
    }

    private KrlDownload() {
    }

    /** GETs {@code url} and checks the KRL header. */
    static Krl fetch(URI url, String userAgent, Optional<PrintStream> debug) throws CliException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).header("User-Agent", userAgent)
                .GET().build();
        byte[] body;
        int status;
        debug.ifPresent(d -> d.println("> GET " + url));
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build()) {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_BYTES + 1);
            }
        } catch (HttpConnectTimeoutException e) {
            throw new CliException("cannot connect to " + url + ": no answer within " + CONNECT_TIMEOUT.toSeconds()
                    + "s", ExitCodes.FAILURE, e);
        } catch (HttpTimeoutException e) {
            throw new CliException("no answer from " + url + " within " + REQUEST_TIMEOUT.toSeconds() + "s",
                    ExitCodes.FAILURE, e);
        } catch (ConnectException e) {
            throw new CliException("cannot connect to " + url + ": connection refused", ExitCodes.FAILURE, e);
        } catch (IOException e) {
            throw new CliException("cannot fetch " + url + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()), ExitCodes.FAILURE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while fetching " + url, ExitCodes.FAILURE, e);
        }
        debug.ifPresent(d -> d.println("< " + status + " (" + body.length + " bytes)"));
        if (status == 404) {
            throw new CliException(url + " does not exist (HTTP 404); is the URL right, and does the server"
                    + " publish SSH KRLs?", ExitCodes.NOT_FOUND);
        }
        if (status != 200) {
            throw new CliException("GET " + url + " answered HTTP " + status, ExitCodes.FAILURE);
        }
        if (body.length > MAX_BYTES) {
            throw new CliException(url + " is larger than " + MAX_BYTES + " bytes; not a KRL", ExitCodes.FAILURE);
        }
        return parse(url, body);
    }

    /** Reads the header of a KRL. */
    static Krl parse(URI url, byte[] body) throws CliException {
        if (body.length < HEADER_BYTES || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CliException(url + " did not return a KRL (no SSHKRL header); the file was left as it was",
                    ExitCodes.FAILURE);
        }
        ByteBuffer b = ByteBuffer.wrap(body, MAGIC.length, HEADER_BYTES - MAGIC.length);
        int format = b.getInt();
        if (format != FORMAT_VERSION) {
            throw new CliException(url + " returned a KRL of format " + Integer.toUnsignedString(format)
                    + ", not " + FORMAT_VERSION + "; the file was left as it was", ExitCodes.FAILURE);
        }
        long version = b.getLong();
        long generated = b.getLong();
        return new Krl(version, Instant.ofEpochSecond(generated), body);
    }

    /** The KRL URL below a public base URL such as {@code http://ca.internal:8080}. */
    static URI below(String base) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(b + PATH);
    }

    /**
     * Checks a URL the user typed.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    static URI parseUrl(String text) {
        URI u;
        try {
            u = new URI(text.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("--krl-url '" + text + "' is not a URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
            throw new IllegalArgumentException("--krl-url must be an http:// or https:// URL with a host, e.g. http://"
                    + "ca.internal:8080" + PATH);
        }
        return u;
    }
}

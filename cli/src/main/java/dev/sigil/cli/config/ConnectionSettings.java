package dev.sigil.cli.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach the Sigil admin API, with where each setting came from (for error messages).
 * {@link #toString()} never shows the token.
 *
 * @param server       base URL, {@code https://host:port}, no trailing slash
 * @param serverSource where the server came from, e.g. {@code --server} or {@code default}
 * @param token        the bearer token; never printed
 * @param tokenSource  where the token came from, e.g. {@code SIGIL_TOKEN} or {@code ./data/admin-token}
 * @param caCert       PEM file whose certificates are the only trust anchors; absent: the JDK's default trust store
 * @param caCertSource where the CA file came from, e.g. {@code --ca-cert}; empty when {@code caCert} is absent
 */
public record ConnectionSettings(URI server, String serverSource, String token, String tokenSource,
                                 Optional<Path> caCert, String caCertSource) {

    public ConnectionSettings {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(serverSource, "serverSource");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(tokenSource, "tokenSource");
        Objects.requireNonNull(caCert, "caCert");
        Objects.requireNonNull(caCertSource, "caCertSource");
    }

    @Override
    public String toString() {
        return "ConnectionSettings[server=" + server + " (" + serverSource + "), token=<redacted> (" + tokenSource
                + "), caCert=" + caCert.map(Path::toString).orElse("<JDK default trust store>")
                + (caCertSource.isEmpty() ? "" : " (" + caCertSource + ")") + "]";
    }
}

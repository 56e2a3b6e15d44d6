package dev.sigil.cli.config;

import java.util.Optional;

/**
 * The connection settings given on the command line, each absent when not given. There is deliberately no flag for
 * the token itself: it would end up in shell history and in {@code ps} output.
 *
 * @param server    {@code --server URL}
 * @param tokenFile {@code --token-file FILE}
 * @param caCert    {@code --ca-cert FILE}
 */
public record ConnectionFlags(Optional<String> server, Optional<String> tokenFile, Optional<String> caCert) {

    /** No flags given. */
    public static final ConnectionFlags NONE = new ConnectionFlags(Optional.empty(), Optional.empty(), Optional.empty());

    public ConnectionFlags {
        server = nonBlank(server);
        tokenFile = nonBlank(tokenFile);
        caCert = nonBlank(caCert);
    }

    private static Optional<String> nonBlank(Optional<String> v) {
        return v == null ? Optional.empty() : v.map(String::trim).filter(s -> !s.isEmpty());
    }
}

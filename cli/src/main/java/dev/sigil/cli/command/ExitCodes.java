package dev.sigil.cli.command;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The exit codes of {@code sigil}, stable for scripts, and the one place where API errors are mapped to them.
 */
public final class ExitCodes {

    public static final int OK = 0;
    /** Failure: server error, connection or TLS problem, conflict (already revoked), broken audit chain. */
    public static final int FAILURE = 1;
    /** Usage error: bad flags or arguments, or a request the server rejected as malformed. */
    public static final int USAGE = 2;
    /** The certificate, token or other object does not exist (HTTP 404). */
    public static final int NOT_FOUND = 3;
    /** Refused: by policy, a bad CSR, no or unknown token (401) or a role too weak (403). */
    public static final int REFUSED = 4;

    /** Problem kinds of a 400 that mean "refused", as opposed to "you typed it wrong". */
    private static final Set<String> REFUSING_KINDS = Set.of("policy", "bad-csr");

    /** Each exit code and its meaning, for the top-level help. */
    public static final Map<String, String> HELP_LIST = helpList();

    private ExitCodes() {
    }

    /**
     * The exit code for an HTTP error status and the problem kind (the part after {@code urn:sigil:problem:},
     * empty if unknown).
     */
    public static int forApiError(int status, String problemKind) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 401, 403 -> REFUSED;
            case 400 -> REFUSING_KINDS.contains(problemKind) ? REFUSED : USAGE;
            default -> FAILURE;
        };
    }

    private static Map<String, String> helpList() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(String.valueOf(OK), "success");
        m.put(String.valueOf(FAILURE), "failure: server error (5xx), connection or TLS problem, already revoked,"
                + " audit chain broken");
        m.put(String.valueOf(USAGE), "usage error: bad flags or arguments, or a request the server found malformed");
        m.put(String.valueOf(NOT_FOUND), "not found (HTTP 404)");
        m.put(String.valueOf(REFUSED), "refused: by policy, bad CSR, missing or unknown token (401),"
                + " role too weak (403)");
        return Collections.unmodifiableMap(m);
    }
}

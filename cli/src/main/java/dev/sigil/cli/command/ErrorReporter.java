package dev.sigil.cli.command;

import dev.sigil.cli.config.ConfigException;
import dev.sigil.cli.http.ApiException;
import dev.sigil.cli.http.Problem;
import dev.sigil.cli.http.TransportException;
import dev.sigil.cli.output.Terminal;

import java.io.PrintStream;
import java.util.Optional;

/**
 * Prints a failure as {@code error: ...} (plus a {@code hint: ...} where one helps) and returns its exit code.
 * A stack trace is printed only with {@code --debug}.
 */
public final class ErrorReporter {

    private final PrintStream err;
    private final boolean debug;

    /** @param debug whether to add stack traces */
    public ErrorReporter(PrintStream err, boolean debug) {
        this.err = err;
        this.debug = debug;
    }

    /**
     * Reports a failure.
     *
     * @param tokenSource where the token came from, for the hint on a 401; never the token itself
     * @return the exit code
     */
    public int report(Throwable e, Optional<String> tokenSource) {
        int code;
        if (e instanceof ApiException api) {
            err.println(render(api));
            hint(api, tokenSource).ifPresent(h -> err.println("hint: " + h));
            code = ExitCodes.forApiError(api.status(), api.kind());
        } else if (e instanceof CliException cli) {
            err.println("error: " + cli.getMessage());
            code = cli.exitCode();
        } else if (e instanceof ConfigException || e instanceof TransportException) {
            err.println("error: " + e.getMessage());
            code = ExitCodes.FAILURE;
        } else {
            err.println("error: unexpected " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + Terminal.clean(e.getMessage()))
                    + (debug ? "" : " (run again with --debug for details)"));
            code = ExitCodes.FAILURE;
        }
        if (debug) {
            e.printStackTrace(err);
        }
        return code;
    }

    /** {@code error: <title>: <detail>}, or {@code error: HTTP <status>} when the body was no problem document. */
    public static String render(ApiException e) {
        StringBuilder sb = new StringBuilder("error: ");
        Optional<Problem> p = e.problem();
        String title = p.map(Problem::title).map(Terminal::clean).filter(t -> !t.isBlank()).orElse("");
        Optional<String> detail = p.flatMap(Problem::detail).map(Terminal::clean);
        if (title.isEmpty()) {
            sb.append("HTTP ").append(e.status());
        } else {
            sb.append(title);
        }
        detail.ifPresent(d -> sb.append(": ").append(d));
        e.retryAfter().ifPresent(r -> sb.append(" (retry after ").append(r.toSeconds()).append("s)"));
        return sb.toString();
    }

    private static Optional<String> hint(ApiException e, Optional<String> tokenSource) {
        return switch (e.status()) {
            case 401 -> Optional.of("the server does not accept the token"
                    + tokenSource.map(s -> " from " + s).orElse("") + "; it may be mistyped or revoked");
            case 403 -> Optional.of("the token's role is too weak for this; 'sigil whoami' shows it");
            default -> Optional.empty();
        };
    }
}

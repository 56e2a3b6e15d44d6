package dev.sigil.cli.http;

import java.time.Duration;
import java.util.Optional;

/** The server answered with an error status. Carries the problem document when the body was one. */
public final class ApiException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Optional<Problem> problem;
    private final transient Optional<Duration> retryAfter;

    /**
     * @param status     the HTTP status
     * @param problem    the parsed problem body, absent if the body was not a problem document
     * @param retryAfter the Retry-After delay, if the server gave one in seconds
     */
    public ApiException(int status, Optional<Problem> problem, Optional<Duration> retryAfter) {
        super("HTTP " + status + problem.map(p -> " " + p.type()).orElse(""));
        this.status = status;
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public Optional<Problem> problem() {
        return problem;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /** The problem kind ({@code policy}, {@code not-found}...), or empty. */
    public String kind() {
        return problem.map(Problem::kind).orElse("");
    }
}

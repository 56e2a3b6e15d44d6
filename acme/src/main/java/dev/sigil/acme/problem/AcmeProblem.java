package dev.sigil.acme.problem;

import dev.sigil.storage.acme.AcmeIdentifier;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 7807 problem the ACME front end answers with (RFC 8555 §6.7). Thrown anywhere in the protocol layer and
 * rendered once, at the HTTP edge, as {@code application/problem+json}. The detail is written for the client: it
 * never carries a stack trace, a key or a database message.
 */
public final class AcmeProblem extends RuntimeException {

    /** A per-identifier problem (§6.7.1). */
    public record Subproblem(ProblemType type, String detail, AcmeIdentifier identifier) {
        public Subproblem {
            Objects.requireNonNull(type);
            Objects.requireNonNull(detail);
            Objects.requireNonNull(identifier);
        }
    }

    private final ProblemType type;
    private final List<Subproblem> subproblems;
    private final Optional<Duration> retryAfter;
    private final List<String> algorithms;

    public AcmeProblem(ProblemType type, String detail) {
        this(type, detail, List.of(), Optional.empty(), List.of());
    }

    private AcmeProblem(ProblemType type, String detail, List<Subproblem> subproblems, Optional<Duration> retryAfter,
                        List<String> algorithms) {
        super(detail, null, false, false);
        this.type = Objects.requireNonNull(type);
        this.subproblems = List.copyOf(subproblems);
        this.retryAfter = retryAfter;
        this.algorithms = List.copyOf(algorithms);
    }

    public AcmeProblem withSubproblems(List<Subproblem> subproblems) {
        return new AcmeProblem(type, getMessage(), subproblems, retryAfter, algorithms);
    }

    /** For rateLimited and serverInternal-while-unavailable: the Retry-After the client is told. */
    public AcmeProblem withRetryAfter(Duration retryAfter) {
        return new AcmeProblem(type, getMessage(), subproblems, Optional.of(retryAfter), algorithms);
    }

    /** For badSignatureAlgorithm: the {@code algorithms} member listing what is accepted (§6.2). */
    public AcmeProblem withAlgorithms(List<String> algorithms) {
        return new AcmeProblem(type, getMessage(), subproblems, retryAfter, algorithms);
    }

    public ProblemType type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }

    public int status() {
        return type.status();
    }

    public List<Subproblem> subproblems() {
        return subproblems;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    public List<String> algorithms() {
        return algorithms;
    }

    public static AcmeProblem malformed(String detail) {
        return new AcmeProblem(ProblemType.MALFORMED, detail);
    }

    public static AcmeProblem unauthorized(String detail) {
        return new AcmeProblem(ProblemType.UNAUTHORIZED, detail);
    }
}

package dev.sigil.acme.validation;

import dev.sigil.acme.problem.AcmeProblem;

import java.util.Objects;
import java.util.Optional;

/**
 * Outcome of one validation attempt. {@code problem} is present iff {@code !valid}; its type is one of RFC 8555 §8's
 * (connection, dns, tls, incorrectResponse, unauthorized, malformed; serverInternal only for a fault of Sigil's own)
 * and its detail is safe to show the client.
 */
public record ValidationResult(boolean valid, Optional<AcmeProblem> problem) {

    private static final ValidationResult OK = new ValidationResult(true, Optional.empty());

    public ValidationResult {
        Objects.requireNonNull(problem, "problem");
        if (valid == problem.isPresent()) {
            throw new IllegalArgumentException(valid ? "a valid result has no problem" : "a failed result needs a problem");
        }
    }

    public static ValidationResult ok() {
        return OK;
    }

    public static ValidationResult failed(AcmeProblem problem) {
        return new ValidationResult(false, Optional.of(problem));
    }
}

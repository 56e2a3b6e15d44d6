package dev.sigil.acme.jws;

import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Asserts that code refuses with an {@link AcmeProblem} of one exact type. */
final class Problems {

    private Problems() {
    }

    static AcmeProblem expect(ProblemType type, ThrowingCallable code) {
        Throwable thrown = catchThrowable(code);
        assertThat(thrown).as("expected AcmeProblem %s", type).isInstanceOf(AcmeProblem.class);
        AcmeProblem problem = (AcmeProblem) thrown;
        assertThat(problem.type()).as("problem type (detail: %s)", problem.detail()).isEqualTo(type);
        assertThat(problem.detail()).isNotBlank();
        return problem;
    }
}

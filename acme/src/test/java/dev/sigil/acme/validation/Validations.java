package dev.sigil.acme.validation;

import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.storage.acme.AcmeIdentifier;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What the validation tests share: a challenge, a bounded wait for results, and assertions on problems. */
final class Validations {

    static final String TOKEN = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0";
    static final String THUMBPRINT = "9jg46WB3rR_AHD-EBXdN7cBkH1WOu0tA3M9fm21mqTI";
    static final String KEY_AUTHORIZATION = TOKEN + "." + THUMBPRINT;
    static final String CHALLENGE_PATH = "/.well-known/acme-challenge/" + TOKEN;
    /** No test waits longer than this for one result: far beyond any timeout the tests configure. */
    static final long MAX_WAIT_SECONDS = 20;

    private Validations() {
    }

    static AcmeIdentifier dns(String name) {
        return new AcmeIdentifier("dns", name);
    }

    static AcmeIdentifier ip(String address) {
        return new AcmeIdentifier("ip", address);
    }

    static ValidationResult validate(ValidationSettings settings, String type, AcmeIdentifier identifier)
            throws Exception {
        return validate(settings, type, identifier, TOKEN, KEY_AUTHORIZATION);
    }

    static ValidationResult validate(ValidationSettings settings, String type, AcmeIdentifier identifier, String token,
                                     String keyAuthorization) throws Exception {
        try (ChallengeValidators validators = new ChallengeValidators(settings)) {
            return validators.validate(type, identifier, token, keyAuthorization).get(MAX_WAIT_SECONDS,
                    TimeUnit.SECONDS);
        }
    }

    static void assertValid(ValidationResult result) {
        assertThat(result.valid()).as("valid, but: %s", result.problem().map(AcmeProblem::detail).orElse("-")).isTrue();
        assertThat(result.problem()).isEmpty();
    }

    /** Asserts a failure of this type and returns its detail. */
    static String assertFailed(ValidationResult result, ProblemType type) {
        assertThat(result.valid()).isFalse();
        AcmeProblem problem = result.problem().orElseThrow();
        assertThat(problem.type()).as("problem type (detail: %s)", problem.detail()).isEqualTo(type);
        assertThat(problem.detail()).isNotBlank().doesNotContain("\n", "\r", "Exception", "at dev.sigil");
        return problem.detail();
    }

    /** A loopback port nothing listens on (bound, then released). */
    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    /** Whether this machine can bind ::1 (containers sometimes have no IPv6 loopback). */
    static boolean ipv6Loopback() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}

package dev.sigil.acme.validation;

import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sigil.acme.validation.Validations.KEY_AUTHORIZATION;
import static dev.sigil.acme.validation.Validations.MAX_WAIT_SECONDS;
import static dev.sigil.acme.validation.Validations.TOKEN;
import static dev.sigil.acme.validation.Validations.assertFailed;
import static dev.sigil.acme.validation.Validations.assertValid;
import static dev.sigil.acme.validation.Validations.dns;
import static dev.sigil.acme.validation.Validations.ip;
import static org.assertj.core.api.Assertions.assertThat;

/** The executor around the validators: its concurrency bound, its time limit, its refusals and its shutdown. */
@Timeout(60)
class ChallengeValidatorsTest {

    /**
     * A web server that holds every request for a while before answering, counting connections open at once.
     * A connection stops counting before its answer is written, so the count can only err low, never high.
     */
    private static final class HoldingServer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final AtomicInteger served = new AtomicInteger();
        final CountDownLatch firstRequest = new CountDownLatch(1);

        HoldingServer(Duration hold) throws IOException {
            socket = new ServerSocket(0, 100, InetAddress.getByName("127.0.0.1"));
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        peak.accumulateAndGet(open.incrementAndGet(), Math::max);
                        Thread.ofVirtual().start(() -> serve(connection, hold));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket connection, Duration hold) {
            try (connection) {
                BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                        StandardCharsets.US_ASCII));
                String line;
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    // the request's head
                }
                firstRequest.countDown();
                Thread.sleep(hold.toMillis());
                open.decrementAndGet();
                byte[] body = KEY_AUTHORIZATION.getBytes(StandardCharsets.US_ASCII);
                OutputStream out = connection.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                served.incrementAndGet();
            } catch (IOException | InterruptedException e) {
                open.decrementAndGet();
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void neverRunsMoreThanMaxConcurrentAtOnce() throws Exception {
        int max = 3;
        try (HoldingServer server = new HoldingServer(Duration.ofMillis(300));
             ChallengeValidators validators = new ChallengeValidators(ValidationSettings.defaults()
                     .withPorts(server.port(), server.port()).withMaxConcurrent(max).withTimeout(Duration.ofSeconds(5)))) {
            List<CompletableFuture<ValidationResult>> results = new ArrayList<>();
            for (int i = 0; i < 3 * max; i++) {
                results.add(validators.validate("http-01", ip("127.0.0.1"), TOKEN, KEY_AUTHORIZATION));
            }
            for (CompletableFuture<ValidationResult> result : results) {
                assertValid(result.get(MAX_WAIT_SECONDS, TimeUnit.SECONDS));
            }
            assertThat(server.served.get()).isEqualTo(3 * max);
            assertThat(server.peak.get()).as("connections open at once").isEqualTo(max);
        }
    }

    @Test
    void aValidatorIgnoringItsDeadlineIsCutOffByTheWatchdog() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        ChallengeValidator stuck = (target, token, keyAuthorization, deadline) -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        };
        ValidationSettings settings = ValidationSettings.defaults().withTimeout(Duration.ofMillis(300))
                .withMaxConcurrent(1);
        try (ChallengeValidators validators = new ChallengeValidators(settings, Map.of("http-01", stuck))) {
            long start = System.nanoTime();
            ValidationResult result = validators.validate("http-01", dns("example.test"), TOKEN, KEY_AUTHORIZATION)
                    .get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(assertFailed(result, ProblemType.CONNECTION)).isEqualTo(
                    "http-01: validation did not complete within 0.3s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the stuck attempt was interrupted").isTrue();
        }
    }

    @Test
    void aValidatorBugBecomesAServerInternalProblemWithoutItsMessage() throws Exception {
        ChallengeValidator buggy = (target, token, keyAuthorization, deadline) -> {
            throw new IllegalStateException("secret internal state at /etc/sigil");
        };
        try (ChallengeValidators validators = new ChallengeValidators(ValidationSettings.defaults(),
                Map.of("dns-01", buggy))) {
            ValidationResult result = validators.validate("dns-01", dns("example.test"), TOKEN, KEY_AUTHORIZATION)
                    .get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(assertFailed(result, ProblemType.SERVER_INTERNAL)).doesNotContain("secret", "/etc");
        }
    }

    @Test
    void everyOutcomeReachesTheListenerWithItsChallengeTypeAndAThrowingListenerChangesNothing() throws Exception {
        ChallengeValidator passes = (target, token, keyAuthorization, deadline) -> { };
        ChallengeValidator fails = (target, token, keyAuthorization, deadline) -> {
            throw new AcmeProblem(ProblemType.INCORRECT_RESPONSE, "wrong key authorization");
        };
        try (ChallengeValidators validators = new ChallengeValidators(ValidationSettings.defaults(),
                Map.of("http-01", passes, "dns-01", fails))) {
            java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            validators.onOutcome((type, result) -> seen.add(type + " " + result.valid() + " "
                    + result.problem().map(p -> p.type().name()).orElse("-")));
            validators.validate("http-01", dns("example.test"), TOKEN, KEY_AUTHORIZATION).get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
            validators.validate("dns-01", dns("example.test"), TOKEN, KEY_AUTHORIZATION).get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
            validators.validate("bogus-01", dns("example.test"), TOKEN, KEY_AUTHORIZATION).get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(seen).containsExactlyInAnyOrder("http-01 true -", "dns-01 false INCORRECT_RESPONSE",
                    "unknown false MALFORMED");

            validators.onOutcome((type, result) -> {
                throw new IllegalStateException("metrics broke");
            });
            assertThat(validators.validate("http-01", dns("example.test"), TOKEN, KEY_AUTHORIZATION)
                    .get(MAX_WAIT_SECONDS, TimeUnit.SECONDS).valid()).isTrue();
        }
    }

    @Test
    void unknownChallengeTypeIsMalformed() throws Exception {
        try (ChallengeValidators validators = new ChallengeValidators(ValidationSettings.defaults())) {
            ValidationResult result = validators.validate("http-02", dns("example.test"), TOKEN, KEY_AUTHORIZATION)
                    .get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(assertFailed(result, ProblemType.MALFORMED)).contains("\"http-02\"");
            assertFailed(validators.validate(null, dns("example.test"), TOKEN, KEY_AUTHORIZATION)
                    .get(MAX_WAIT_SECONDS, TimeUnit.SECONDS), ProblemType.MALFORMED);
        }
    }

    @Test
    void unknownIdentifierTypeAndMissingArgumentsAreMalformed() throws Exception {
        try (ChallengeValidators validators = new ChallengeValidators(ValidationSettings.defaults())) {
            assertFailed(validators.validate("http-01", new dev.sigil.storage.acme.AcmeIdentifier("email", "a@b.test"),
                    TOKEN, KEY_AUTHORIZATION).get(MAX_WAIT_SECONDS, TimeUnit.SECONDS), ProblemType.MALFORMED);
            assertFailed(validators.validate("http-01", null, TOKEN, KEY_AUTHORIZATION)
                    .get(MAX_WAIT_SECONDS, TimeUnit.SECONDS), ProblemType.MALFORMED);
            assertFailed(validators.validate("http-01", dns("example.test"), null, KEY_AUTHORIZATION)
                    .get(MAX_WAIT_SECONDS, TimeUnit.SECONDS), ProblemType.MALFORMED);
        }
    }

    @Test
    void closeEndsRunningValidationsAndRefusesNewOnes() throws Exception {
        try (HoldingServer server = new HoldingServer(Duration.ofSeconds(30))) {
            ChallengeValidators validators = new ChallengeValidators(ValidationSettings.defaults()
                    .withPorts(server.port(), server.port()).withTimeout(Duration.ofSeconds(30)).withMaxConcurrent(1));
            CompletableFuture<ValidationResult> running = validators.validate("http-01", ip("127.0.0.1"), TOKEN,
                    KEY_AUTHORIZATION);
            CompletableFuture<ValidationResult> waiting = validators.validate("http-01", ip("127.0.0.1"), TOKEN,
                    KEY_AUTHORIZATION);
            assertThat(server.firstRequest.await(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            validators.close();
            assertThat(assertFailed(running.get(5, TimeUnit.SECONDS), ProblemType.SERVER_INTERNAL))
                    .contains("shutting down");
            assertThat(assertFailed(waiting.get(5, TimeUnit.SECONDS), ProblemType.SERVER_INTERNAL))
                    .contains("shutting down");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            CompletableFuture<ValidationResult> late = validators.validate("http-01", ip("127.0.0.1"), TOKEN,
                    KEY_AUTHORIZATION);
            assertThat(late).isDone();
            assertFailed(late.get(), ProblemType.SERVER_INTERNAL);
        }
    }
}

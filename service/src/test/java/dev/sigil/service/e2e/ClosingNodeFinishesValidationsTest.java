package dev.sigil.service.e2e;

import dev.sigil.service.SigilServer;
import dev.sigil.service.testing.Acme4jClients;
import dev.sigil.service.testing.TestServer;
import dev.sigil.storage.acme.AcmeChallenge;
import dev.sigil.storage.acme.AcmeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.challenge.Http01Challenge;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node stopped (a rolling restart behind a load balancer) while it validates a challenge lets the validation
 * finish and record its outcome before it closes the database: the challenge must not stay in processing, which no
 * other node would ever finish (new orders of the account would reuse its pending authorization until it expired).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClosingNodeFinishesValidationsTest {

    /** Long enough that close() certainly starts while the responder still holds the validation. */
    private static final Duration RESPONDER_DELAY = Duration.ofSeconds(2);

    @TempDir
    Path dir;
    Acme4jClients acme;
    SigilServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (acme != null) {
            acme.close();
        }
    }

    @Test
    void aValidationInProgressWhenTheNodeStopsIsRecorded() throws Exception {
        acme = Acme4jClients.start();
        server = TestServer.start(dir, acme.validationOverrides());
        Account account = acme.register(
                URI.create("https://localhost:" + server.httpsPort() + "/acme/default/directory"),
                server.started().rootPem());
        Order order = account.newOrder().identifier(Identifier.ip("127.0.0.1")).create();
        Http01Challenge challenge = order.getAuthorizations().get(0).findChallenge(Http01Challenge.class).orElseThrow();
        acme.expect(challenge);
        acme.delayResponses(RESPONDER_DELAY);
        challenge.trigger();
        String id = challenge.getLocation().toString().substring(challenge.getLocation().toString().lastIndexOf('/') + 1);
        assertThat(server.database().acme().challenge(id).orElseThrow().status())
                .as("still validating when the node stops").isEqualTo(AcmeStatus.Challenge.PROCESSING);

        server.close();
        server = null;
        acme.delayResponses(Duration.ZERO);

        server = TestServer.start(dir, acme.validationOverrides()); // the same H2 file: what the first node left
        AcmeChallenge after = server.database().acme().challenge(id).orElseThrow();
        assertThat(after.status()).as("error %s", after.errorJson()).isEqualTo(AcmeStatus.Challenge.VALID);
    }
}

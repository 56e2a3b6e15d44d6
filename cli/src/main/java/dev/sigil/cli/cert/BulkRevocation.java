package dev.sigil.cli.cert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.cli.command.ErrorReporter;
import dev.sigil.cli.http.ApiException;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.http.TransportException;
import dev.sigil.cli.output.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Revokes a list of certificates with a few concurrent {@code POST /certificates/{serial}/revoke} calls, each
 * naming its issuer. Idempotent: a 409 (already revoked, e.g. by a run that was interrupted or by someone else
 * meanwhile) counts as done. A failure is recorded and the rest go on; running again retries what is left.
 */
final class BulkRevocation {

    /** One certificate to revoke. */
    record Target(String issuer, String serial) {
    }

    /**
     * What happened.
     *
     * @param revoked        revoked by this run
     * @param alreadyRevoked answered 409: revoked before this run's request arrived
     * @param failures       {@code SERIAL: error} for each failed one, in completion order
     */
    record Outcome(int revoked, int alreadyRevoked, List<String> failures) {
        int done() {
            return revoked + alreadyRevoked + failures.size();
        }
    }

    private static final int CONFLICT = 409;

    private final SigilClient client;
    private final int parallel;
    private final Progress progress;

    private int revoked;
    private int alreadyRevoked;
    private final List<String> failures = new ArrayList<>();

    BulkRevocation(SigilClient client, int parallel, Progress progress) {
        this.client = client;
        this.parallel = parallel;
        this.progress = progress;
    }

    /** Revokes every target with the same request body; returns when all have answered. */
    Outcome run(List<Target> targets, ObjectNode body) throws InterruptedException {
        int total = targets.size();
        progress.update(0, total);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, total)));
        try {
            for (Target t : targets) {
                pool.execute(() -> record(t, revoke(t, body), total));
            }
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                // Each request is bounded by the client's timeout, so this ends.
            }
        } finally {
            pool.shutdownNow();
        }
        synchronized (this) {
            Outcome outcome = new Outcome(revoked, alreadyRevoked, List.copyOf(failures));
            progress.finish(outcome.done(), total);
            return outcome;
        }
    }

    /** Null when revoked, "" when it was already revoked, else the error. */
    private String revoke(Target t, ObjectNode body) {
        try {
            client.post("/certificates/" + Query.encode(t.serial()) + "/revoke",
                    Query.empty().with("issuer", t.issuer()), body);
            return null;
        } catch (ApiException e) {
            return e.status() == CONFLICT ? "" : ErrorReporter.render(e).substring("error: ".length());
        } catch (TransportException | RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
    }

    private synchronized void record(Target t, String error, int total) {
        if (error == null) {
            revoked++;
        } else if (error.isEmpty()) {
            alreadyRevoked++;
        } else {
            failures.add(t.serial() + ": " + error);
        }
        progress.update(revoked + alreadyRevoked + failures.size(), total);
    }
}

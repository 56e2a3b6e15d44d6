package dev.sigil.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.sigil.cli.TestServer.json;
import static dev.sigil.cli.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sigil cert revoke} by filter against the in-test server: the matching set, confirmation on a terminal and
 * refusal without one, dry run, progress (bar and lines), the summary and exit codes.
 */
class CertBulkRevokeTest extends ServerTestBase {

    private static final String LIST = "/api/v1/certificates";

    /** The listing of valid ones (first GET), then the count of already revoked ones (second GET). */
    private void threeValidAndOneRevoked() {
        server.on("GET", LIST,
                json(200, "{\"items\":[" + cert("a1") + "," + cert("b2") + "," + cert("c3") + "]}"),
                json(200, "{\"items\":[" + cert("d4") + "]}"));
    }

    private static String cert(String serial) {
        return certJson(serial, "CN=" + serial + ".ci.internal", "valid", "2027-01-01T00:00:00Z", false);
    }

    private CliRun revoke(String stdin, boolean interactive, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("cert", "revoke", "--san", "*.ci.internal",
                "--reason", "keyCompromise"));
        args.addAll(List.of(more));
        return CliRun.withInput(env(), stdin, interactive, args.toArray(String[]::new));
    }

    private List<TestServer.Request> posts() {
        return server.requests.stream().filter(r -> r.method().equals("POST")).toList();
    }

    @Test
    void withoutATerminalAndWithoutYesItListsThenRefusesWithExit2() {
        threeValidAndOneRevoked();

        CliRun r = revoke("", false);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("3 valid certificates matching --san '*.ci.internal' (1 more matching is "
                + "already revoked):", "a1", "b2", "c3");
        assertThat(r.err()).contains("error: refusing to revoke 3 certificates without confirmation: stdin is not a "
                + "terminal (add --yes");
        assertThat(posts()).isEmpty();
        assertThat(query(server.requests.get(0).query())).containsEntry("status", "valid")
                .containsEntry("san", "*.ci.internal").containsEntry("limit", "1000");
        assertThat(query(server.requests.get(1).query())).containsEntry("status", "revoked");
    }

    @Test
    void withYesItRevokesEachOnceWithPlainProgressAndSumsUp() throws Exception {
        threeValidAndOneRevoked();
        String revoked = cert("a1").replace("\"valid\"", "\"revoked\"");
        server.on("POST", LIST + "/a1/revoke", json(200, revoked));
        server.on("POST", LIST + "/b2/revoke", problem(409, "conflict", "Conflict", "certificate b2 is already revoked"));
        server.on("POST", LIST + "/c3/revoke", problem(503, "unavailable", "Service unavailable", "database down"));

        CliRun r = revoke("", false, "--yes", "--parallel", "2");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("matched 4: revoked 1, already revoked 2, failed 1 (0.0 s)",
                "OCSP answers 'revoked' for them now; the next delta CRL of int-3f9a1c2b lists them within");
        assertThat(r.err()).contains("revoking 3 certificates (reason keyCompromise, 2 at a time); interrupting is safe",
                "revoking: 3/3 done (100%)", "failed: c3: Service unavailable: database down",
                "error: 1 certificate could not be revoked; run the same command again to retry them");
        assertThat(r.err()).doesNotContain("\r");
        assertThat(posts()).hasSize(3).allSatisfy(p -> {
            assertThat(query(p.query())).containsEntry("issuer", "int-3f9a1c2b");
            assertThat(parse(p.body()).get("reason").asText()).isEqualTo("keyCompromise");
        });
    }

    @Test
    void onATerminalItAsksAndDrawsABar() {
        threeValidAndOneRevoked();
        for (String s : new String[] {"a1", "b2", "c3"}) {
            server.on("POST", LIST + "/" + s + "/revoke", json(200, cert(s)));
        }

        CliRun r = revoke("yes\n", true);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("Revoke these 3 certificates with reason keyCompromise? This cannot be undone. "
                + "Type 'yes' to continue: ");
        assertThat(r.err()).contains("\rrevoking [------------------------------] 0/3   0%",
                "\rrevoking [##############################] 3/3 100%\n");
        assertThat(r.out()).contains("matched 4: revoked 3, already revoked 1, failed 0");
        assertThat(posts()).hasSize(3);
    }

    @Test
    void anythingButYesOnTheTerminalRevokesNothing() {
        threeValidAndOneRevoked();

        CliRun r = revoke("no\n", true);
        CliRun eof = revoke("", true);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("error: not confirmed; nothing was revoked");
        assertThat(eof.exitCode()).isEqualTo(1);
        assertThat(posts()).isEmpty();
    }

    @Test
    void aDryRunListsEverythingAndRevokesNothing() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            items.append(i == 0 ? "" : ",").append(cert("e" + i));
        }
        server.on("GET", LIST, json(200, "{\"items\":[" + items + "]}"), json(200, "{\"items\":[]}"));

        CliRun r = revoke("", false, "--dry-run");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("25 valid certificates matching", "e0", "e24",
                "dry run: nothing was revoked").doesNotContain("more (--dry-run lists them all)");
        assertThat(posts()).isEmpty();
    }

    @Test
    void withoutDryRunOnlyAPreviewIsListed() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            items.append(i == 0 ? "" : ",").append(cert("e" + i));
        }
        server.on("GET", LIST, json(200, "{\"items\":[" + items + "]}"), json(200, "{\"items\":[]}"));

        CliRun r = revoke("", false);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).contains("e19", "... and 5 more (--dry-run lists them all)").doesNotContain("e20");
    }

    @Test
    void nothingLeftToRevokeIsSuccessAndSaysWhatWasAlreadyRevoked() {
        server.on("GET", LIST, json(200, "{\"items\":[]}"), json(200, "{\"items\":[" + cert("d4") + "]}"));

        CliRun r = revoke("", false, "--yes");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("no valid certificate matches --san '*.ci.internal' (1 more matching is already "
                + "revoked)", "matched 1: revoked 0, already revoked 1, failed 0");
        assertThat(posts()).isEmpty();
    }

    @Test
    void limitRevokesTheFirstNAndSaysMoreRemain() {
        server.on("GET", LIST, json(200, "{\"items\":[" + cert("a1") + "],\"nextCursor\":\"next\"}"),
                json(200, "{\"items\":[]}"));
        server.on("POST", LIST + "/a1/revoke", json(200, cert("a1")));

        CliRun r = revoke("", false, "--yes", "--limit", "1");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(query(server.requests.get(0).query())).containsEntry("limit", "1");
        assertThat(r.out()).contains("the first 1 valid certificate matching", "(as --limit allows)",
                "run the command again for the next ones");
        assertThat(posts()).hasSize(1);
    }

    @Test
    void jsonOutputIsOneSummaryObject() throws Exception {
        threeValidAndOneRevoked();
        for (String s : new String[] {"a1", "b2", "c3"}) {
            server.on("POST", LIST + "/" + s + "/revoke", json(200, cert(s)));
        }

        CliRun r = revoke("", false, "--yes", "--output", "json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        var summary = parse(r.out());
        assertThat(summary.get("matched").asInt()).isEqualTo(4);
        assertThat(summary.get("revoked").asInt()).isEqualTo(3);
        assertThat(summary.get("alreadyRevoked").asInt()).isEqualTo(1);
        assertThat(summary.get("failed").asInt()).isZero();
        assertThat(summary.get("certificates")).hasSize(3);
    }

    @Test
    void anEmptyFilterIsRefusedUnlessAllValidIsExplicit() {
        CliRun r = sigil("cert", "revoke", "--reason", "keyCompromise");
        CliRun filterOnly = sigil("cert", "revoke", "--filter", "--reason", "keyCompromise");
        CliRun both = sigil("cert", "revoke", "ab12", "--owner", "x", "--reason", "keyCompromise");
        CliRun allWithFilter = sigil("cert", "revoke", "--all-valid", "--owner", "x", "--reason", "keyCompromise");
        CliRun issuerOnly = sigil("cert", "revoke", "--issuer", "int-1", "--reason", "keyCompromise");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no SERIAL and no filter: refusing to revoke every certificate");
        assertThat(filterOnly.exitCode()).isEqualTo(2);
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("give either a SERIAL or filter options");
        assertThat(allWithFilter.exitCode()).isEqualTo(2);
        assertThat(issuerOnly.exitCode()).isEqualTo(2);
        assertThat(issuerOnly.err()).contains("refusing to revoke every certificate of an issuer");
        assertThat(server.requests).isEmpty();

        server.on("GET", LIST, json(200, "{\"items\":[]}"));
        CliRun all = sigil("cert", "revoke", "--all-valid", "--reason", "keyCompromise", "--dry-run");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out()).contains("no valid certificate matches --all-valid");
        assertThat(query(server.requests.get(0).query())).containsOnlyKeys("status", "limit");
    }

    @Test
    void countingTheAlreadyRevokedOnesStopsAfterABoundedNumberOfPages() {
        server.on("GET", LIST, json(200, "{\"items\":[]}"),
                json(200, "{\"items\":[" + cert("d4") + "],\"nextCursor\":\"more\"}")); // repeats forever

        CliRun r = revoke("", false, "--yes");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("(100+ more matching are already revoked)",
                "matched 100+: revoked 0, already revoked 100+, failed 0");
        assertThat(server.requests).hasSize(1 + 100);
    }

    @Test
    void theSingleSerialFormStillTakesIssuer() {
        server.on("POST", LIST + "/5f0c2d/revoke", json(200, cert("5f0c2d")));

        CliRun r = sigil("cert", "revoke", "5f0c2d", "--issuer", "int-1", "--reason", "superseded");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(query(server.single().query())).containsEntry("issuer", "int-1");
    }
}

package dev.sigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.Prompter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.sigil.cli.TestServer.json;
import static dev.sigil.cli.TestServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sigil acme accounts ...} against the in-test HTTPS server: requests sent, rendering, and the confirmation
 * rule (a terminal is asked; without one, nothing is sent unless --yes).
 */
class AcmeAccountsCommandsTest extends ServerTestBase {

    private static final String ID = "Xq3v9Lk2TfOa1bWm";
    private static final String ACCOUNTS = "/api/v1/acme/accounts";
    private static final String ACCOUNT = ACCOUNTS + "/" + ID;

    /** A terminal whose person gives {@code answers} in turn; records what they were asked. */
    static final class ScriptedTerminal implements Prompter {
        final List<String> questions = new ArrayList<>();
        private final List<String> answers;

        ScriptedTerminal(String... answers) {
            this.answers = new ArrayList<>(List.of(answers));
        }

        @Override
        public boolean interactive() {
            return true;
        }

        @Override
        public Optional<String> ask(String question) {
            questions.add(question);
            return answers.isEmpty() ? Optional.empty() : Optional.of(answers.removeFirst());
        }
    }

    static String account(String id, String directory, String status, int orders, int certs, int valid) {
        return "{\"id\":\"" + id + "\",\"directory\":\"" + directory + "\",\"status\":\"" + status + "\","
                + "\"contacts\":[\"mailto:ops@example.internal\",\"mailto:oncall@example.internal\"],"
                + "\"termsAgreed\":true,\"createdAt\":\"2026-11-20T20:00:00Z\","
                + "\"keyThumbprint\":\"NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs\",\"eabKeyId\":\"eab_batch7\","
                + "\"orders\":" + orders + ",\"certificates\":" + certs + ",\"validCertificates\":" + valid + "}";
    }

    private CliRun sigil(Prompter prompter, String... args) {
        return CliRun.run(prompter, env(), args);
    }

    // --- list and show ------------------------------------------------------------------------------------------

    @Test
    void listPassesTheFiltersAndPrintsAnAlignedTableWithWhatEachAccountHolds() {
        server.on("GET", ACCOUNTS, json(200, "{\"items\":[" + account(ID, "iot", "valid", 12, 10, 7) + ","
                + account("Bb2", "default", "deactivated", 0, 0, 0).replace(",\"eabKeyId\":\"eab_batch7\"", "")
                + "]}"));

        CliRun r = sigil("acme", "accounts", "list", "--directory", "iot", "--status", "VALID");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        TestServer.Request req = server.single();
        assertThat(query(req.query())).containsExactly(java.util.Map.entry("directory", "iot"),
                java.util.Map.entry("status", "valid"), java.util.Map.entry("limit", "100"));
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("ID").contains("DIRECTORY", "STATUS", "CREATED", "ORDERS", "CERTS",
                "VALID", "CONTACT");
        assertThat(lines.get(1)).startsWith(ID).contains("iot", "valid", "2026-11-20 (3 days ago)",
                "mailto:ops@example.internal (+1)");
        assertThat(lines.get(1).split("\\s+")).containsSubsequence("12", "10", "7");
        assertThat(lines.get(2)).startsWith("Bb2").contains("deactivated");
        int valid = lines.get(0).indexOf("VALID");
        assertThat(lines.get(1).indexOf(" 7 ") + 1).isEqualTo(valid);
    }

    @Test
    void listAllFollowsTheCursorAndJsonKeepsEveryField() throws Exception {
        server.on("GET", ACCOUNTS,
                json(200, "{\"items\":[" + account("A1", "iot", "valid", 1, 1, 1) + "],\"nextCursor\":\"c1\"}"),
                json(200, "{\"items\":[" + account("A2", "iot", "valid", 2, 2, 2) + "]}"));

        CliRun r = sigil("acme", "accounts", "list", "--all", "--output", "json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(server.requests).hasSize(2);
        assertThat(query(server.requests.get(1).query())).containsEntry("cursor", "c1").containsEntry("limit", "1000");
        JsonNode out = parse(r.out());
        assertThat(out.path("items")).hasSize(2);
        assertThat(out.path("items").get(1).path("keyThumbprint").asText()).startsWith("NzbLs");
        assertThat(out.has("nextCursor")).isFalse();
    }

    @Test
    void badFiltersAndIdsAreUsageErrorsBeforeAnyRequest() {
        CliRun status = sigil("acme", "accounts", "list", "--status", "expired");
        CliRun id = sigil("acme", "accounts", "show", "../tokens");

        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.err()).contains("--status must be valid, deactivated or revoked");
        assertThat(id.exitCode()).isEqualTo(2);
        assertThat(id.err()).contains("not an account id");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void showPrintsTheAccountAndANotFoundIsExit3WithTheServersDetail() {
        server.on("GET", ACCOUNT, json(200, account(ID, "iot", "valid", 12, 10, 7)));
        server.on("GET", ACCOUNTS + "/nope", problem(404, "not-found", "Not found", "no ACME account nope"));

        CliRun shown = sigil("acme", "accounts", "show", ID);
        CliRun missing = sigil("acme", "accounts", "show", "nope");

        assertThat(shown.exitCode()).as(shown.toString()).isZero();
        assertThat(shown.out()).contains("id:", ID, "directory:", "iot", "created:",
                "2026-11-20T20:00:00Z (3 days ago)", "contacts:", "mailto:ops@example.internal, mailto:oncall",
                "EAB key:", "eab_batch7", "key thumbprint:", "valid certificates: 7");
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("error: Not found: no ACME account nope").doesNotContain("Exception");
    }

    @Test
    void anAccountIdBeginningWithADashIsTheIdNotAnUnknownOption() {
        String dashed = "-Gtq4JrSLA1q5CzjUoP08Q"; // base64url ids begin with '-' one time in 64
        server.on("GET", ACCOUNTS + "/" + dashed, json(200, account(dashed, "default", "valid", 1, 1, 1)));
        server.on("POST", ACCOUNTS + "/" + dashed + "/deactivate", json(200, account(dashed, "default", "deactivated", 1, 1, 1)));

        CliRun shown = sigil("acme", "accounts", "show", dashed);
        CliRun deactivated = sigil(Prompter.NONE, "acme", "accounts", "deactivate", dashed, "--yes");

        assertThat(shown.exitCode()).as(shown.toString()).isZero();
        assertThat(shown.out()).contains(dashed);
        assertThat(deactivated.exitCode()).as(deactivated.toString()).isZero();
        assertThat(server.requests).extracting(TestServer.Request::path)
                .contains(ACCOUNTS + "/" + dashed, ACCOUNTS + "/" + dashed + "/deactivate");
        assertThat(sigil("acme", "accounts", "show", dashed, "--no-such-flag").exitCode())
                .as("an unknown option after the id is still a usage error").isEqualTo(2);
    }

    // --- revoke-certificates -------------------------------------------------------------------------------------

    @Test
    void revokeWithoutATerminalAndWithoutYesIsRefusedWithExit2AndSendsNothing() {
        CliRun r = sigil(Prompter.NONE, "acme", "accounts", "revoke-certificates", ID, "--reason", "keyCompromise");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("refusing to revoke certificates without confirmation",
                "standard input is not a terminal", "--yes");
        assertThat(server.requests).as("nothing sent, not even a read").isEmpty();
    }

    @Test
    void onATerminalTheOperatorIsAskedAndANoRevokesNothing() {
        server.on("GET", ACCOUNT, json(200, account(ID, "iot", "valid", 12, 10, 7)));
        ScriptedTerminal terminal = new ScriptedTerminal("n");

        CliRun r = sigil(terminal, "acme", "accounts", "revoke-certificates", ID, "--reason", "keyCompromise",
                "--deactivate");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(terminal.questions).singleElement().asString().contains("Revoke 7 certificates",
                "ACME account " + ID + " (directory iot, valid)", "keyCompromise", "and deactivate the account",
                "[y/N]");
        assertThat(r.err()).contains("not confirmed; nothing was revoked");
        assertThat(server.requests).extracting(TestServer.Request::method).containsExactly("GET");
    }

    @Test
    void onATerminalAYesRevokesAndPrintsTheSummaryAndSerials() throws Exception {
        server.on("GET", ACCOUNT, json(200, account(ID, "iot", "valid", 12, 10, 3)));
        server.on("POST", ACCOUNT + "/revoke-certificates", json(200, "{\"account\":"
                + account(ID, "iot", "deactivated", 12, 10, 0) + ",\"reason\":\"keyCompromise\",\"revoked\":3,"
                + "\"alreadyRevoked\":2,\"expired\":5,\"deactivated\":true,\"serials\":[\"5f0c2d\",\"7a11\",\"9e\"]}"));
        ScriptedTerminal terminal = new ScriptedTerminal("yes");

        CliRun r = sigil(terminal, "acme", "accounts", "revoke-certificates", ID, "--reason", "KEYCOMPROMISE",
                "--deactivate");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(terminal.questions).hasSize(1);
        TestServer.Request post = server.requests.get(1);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(parse(post.body())).isEqualTo(parse("{\"reason\":\"keyCompromise\",\"deactivate\":true}"));
        assertThat(r.err()).contains("revoking 3 certificates of ACME account " + ID);
        assertThat(r.out().lines().toList()).containsExactly(
                "revoked 3 certificates of ACME account " + ID + " (keyCompromise); 2 already revoked, 5 expired;"
                        + " the account is now deactivated",
                "  5f0c2d", "  7a11", "  9e");
    }

    @Test
    void withYesNoTerminalIsNeededAndJsonIsTheServersAnswer() throws Exception {
        String answer = "{\"account\":" + account(ID, "iot", "valid", 1, 1, 0) + ",\"reason\":\"superseded\","
                + "\"revoked\":0,\"alreadyRevoked\":1,\"expired\":0,\"deactivated\":false,\"serials\":[]}";
        server.on("GET", ACCOUNT, json(200, account(ID, "iot", "valid", 1, 1, 0)));
        server.on("POST", ACCOUNT + "/revoke-certificates", json(200, answer));

        CliRun r = sigil(Prompter.NONE, "acme", "accounts", "revoke-certificates", ID, "--reason", "4", "--yes",
                "--output", "json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(parse(server.requests.get(1).body())).isEqualTo(parse("{\"reason\":\"superseded\"}"));
        assertThat(parse(r.out())).isEqualTo(parse(answer));
    }

    @Test
    void aDryRunListsTheStillValidCertificatesPageByPageAndChangesNothing() {
        server.on("GET", ACCOUNT, json(200, account(ID, "iot", "valid", 4, 3, 3)));
        server.on("GET", ACCOUNT + "/certificates",
                json(200, "{\"items\":[" + certJson("5f0c2d", "CN=a.iot.internal", "valid", "2026-12-23T20:00:00Z",
                        false) + "," + certJson("7a11", "", "valid", "2026-11-24T20:00:00Z", false)
                        .replace("\"subject\":\"\",", "") + "],\"nextCursor\":\"p2\"}"),
                json(200, "{\"items\":[" + certJson("9e", "CN=c.iot.internal", "valid", "2027-01-01T00:00:00Z",
                        false) + "]}"));

        CliRun r = sigil(Prompter.NONE, "acme", "accounts", "revoke-certificates", ID, "--reason", "keyCompromise",
                "--dry-run", "--deactivate");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(server.requests).extracting(TestServer.Request::method).containsOnly("GET");
        assertThat(server.requests).hasSize(3);
        assertThat(query(server.requests.get(1).query())).containsEntry("status", "valid").containsEntry("limit", "1000");
        assertThat(query(server.requests.get(2).query())).containsEntry("cursor", "p2");
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("SERIAL").contains("ISSUER", "NAME", "EXPIRES");
        assertThat(lines.get(1)).startsWith("5f0c2d").contains("int-3f9a1c2b", "CN=a.iot.internal",
                "2026-12-23 (in 30 days)");
        assertThat(lines.get(2)).startsWith("7a11").contains("dns:www.sigil.internal", "in 1 day");
        assertThat(lines.get(4)).isEqualTo("dry run: would revoke 3 certificates of ACME account " + ID
                + " (directory iot, valid) with reason keyCompromise and deactivate the account; nothing was changed");
    }

    @Test
    void certificateHoldIsRefusedLocally() {
        CliRun r = sigil(Prompter.NONE, "acme", "accounts", "revoke-certificates", ID, "--reason",
                "certificateHold", "--yes");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("certificateHold is not supported");
        assertThat(server.requests).isEmpty();
    }

    // --- deactivate ------------------------------------------------------------------------------------------------

    @Test
    void deactivateWithYesPostsAndSaysTheCertificatesStayValid() {
        server.on("GET", ACCOUNT, json(200, account(ID, "iot", "valid", 12, 10, 7)));
        server.on("POST", ACCOUNT + "/deactivate", json(200, account(ID, "iot", "deactivated", 12, 10, 7)));

        CliRun r = sigil(Prompter.NONE, "acme", "accounts", "deactivate", ID, "--yes");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(server.requests).extracting(TestServer.Request::method).containsExactly("GET", "POST");
        assertThat(r.out()).contains("deactivated ACME account " + ID + " (directory iot, deactivated)",
                "its valid certificates (7) are not revoked", "revoke-certificates " + ID);
    }

    @Test
    void deactivateAsksOnATerminalRefusesWithoutOneAndWillNotRepeatItself() {
        server.on("GET", ACCOUNT, json(200, account(ID, "iot", "valid", 1, 1, 1)));
        ScriptedTerminal terminal = new ScriptedTerminal(""); // Enter: the default is no

        CliRun declined = sigil(terminal, "acme", "accounts", "deactivate", ID);
        CliRun noTerminal = sigil(Prompter.NONE, "acme", "accounts", "deactivate", ID);

        assertThat(declined.exitCode()).isEqualTo(1);
        assertThat(terminal.questions).singleElement().asString().contains("Deactivate ACME account " + ID,
                "Its valid certificates (1) are not revoked.");
        assertThat(noTerminal.exitCode()).isEqualTo(2);
        assertThat(noTerminal.err()).contains("add --yes");
        assertThat(server.requests).extracting(TestServer.Request::method).containsExactly("GET");

        server.on("GET", ACCOUNT, json(200, account(ID, "iot", "deactivated", 1, 1, 1)));
        CliRun again = sigil(Prompter.NONE, "acme", "accounts", "deactivate", ID, "--yes");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("is already deactivated; nothing was changed");
        assertThat(server.requests).extracting(TestServer.Request::method).doesNotContain("POST");
    }

    // --- help -------------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"list", "show", "deactivate", "revoke-certificates"})
    void everyAccountsCommandHasHelpWithExamples(String command) {
        CliRun r = sigil("acme", "accounts", command, "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: sigil acme accounts " + command).contains("Examples:",
                "sigil acme accounts " + command, "--output");
    }
}

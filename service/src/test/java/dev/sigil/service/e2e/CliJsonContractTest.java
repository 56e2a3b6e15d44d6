package dev.sigil.service.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigil.service.SigilServer;
import dev.sigil.service.ca.keys.KeyType;
import dev.sigil.service.testing.Cli;
import dev.sigil.service.testing.TestCsrs;
import dev.sigil.service.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/CLI-JSON.md promises scripts the field names of every {@code --output json}. This runs the real CLI against a
 * real Sigil (H2) and compares what each command prints with the documented lists, both ways: a documented field
 * that is missing, or a printed field the document does not list, fails. Optional fields ({@code name?}) may be
 * absent. Each command's stdout must also be exactly one JSON document.
 */
class CliJsonContractTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern ROW = Pattern.compile("^\\| (`[^|]*) \\| ([^|]*) \\|$");
    private static final Pattern SECTION = Pattern.compile("(?:^|;\\s*)(?:(\\w+)\\[\\]:\\s*)?`([^`]*)`");

    @TempDir
    Path dir;

    /** One documented row: fields of the top-level object, and of each element of named arrays. */
    record Contract(String row, Map<String, List<String>> sections) {
    }

    private final Map<String, Contract> contracts = readContracts();
    private final Set<String> checked = new TreeSet<>();
    private final List<String> problems = new ArrayList<>();

    @Test
    void everyDocumentedCommandPrintsExactlyTheDocumentedFields() throws Exception {
        SigilServer server = TestServer.start(dir.resolve("data"), Map.of("sigil.ssh.user.principals", "{token},ops-*"));
        try {
            Map<String, String> env = TestServer.cliEnv(server, dir);
            Path csr = dir.resolve("a.csr");
            Files.writeString(csr, TestCsrs.csr(KeyType.EC_P256, "CN=json.internal", "json.internal"));

            JsonNode issued = json(env, "cert issue", "cert", "issue", "--csr", csr.toString(), "--owner", "team-json");
            String serial = issued.path("serial").asText();
            json(env, "cert issue", "cert", "show", serial);
            json(env, "cert list", "cert", "list");
            JsonNode second = json(env, "cert issue", "cert", "issue", "--csr", csr.toString());
            JsonNode revoked = json(env, "cert revoke SERIAL", "cert", "revoke", second.path("serial").asText(),
                    "--reason", "keyCompromise");
            assertThat(revoked.path("status").asText()).isEqualTo("revoked");
            JsonNode bulk = json(env, "cert revoke --filter", "cert", "revoke", "--owner", "team-json", "--dry-run",
                    "--reason", "superseded");
            assertThat(bulk.path("matched").asLong()).isEqualTo(1);
            assertThat(bulk.path("revoked").asLong()).isZero();

            JsonNode issuers = json(env, "ca list", "ca", "list");
            String intermediate = null;
            for (JsonNode issuer : issuers.path("items")) {
                if (issuer.path("kind").asText().equals("intermediate")) {
                    intermediate = issuer.path("id").asText();
                }
            }
            assertThat(intermediate).isNotNull();
            json(env, "ca show ID", "ca", "show", intermediate);
            crlShow(env, intermediate);
            json(env, "profile list", "profile", "list");
            json(env, "token create", "token", "create", "--name", "json-auditor", "--role", "auditor");
            json(env, "token list", "token", "list");
            json(env, "whoami", "whoami");
            json(env, "audit list", "audit", "list");
            assertThat(json(env, "audit verify", "audit", "verify").path("intact").asBoolean()).isTrue();

            JsonNode ssh = json(env, "ssh sign", "ssh", "sign", "--generate-key", "ed25519", "--out-dir",
                    dir.toString(), "--name", "json-key", "--type", "user", "--principal", "ops-json", "--ttl", "1h");
            assertThat(ssh.has("privateKey")).as("the private key goes to a file, never to stdout").isFalse();
            String sshSerial = ssh.path("serial").asText();
            json(env, "ssh show SERIAL", "ssh", "show", sshSerial);
            json(env, "ssh list", "ssh", "list");
            json(env, "ssh ca --type T", "ssh", "ca", "--type", "user");
            json(env, "ssh policies", "ssh", "policies");
            json(env, "ssh revoke", "ssh", "revoke", sshSerial, "--reason", "test");
            json(env, "acme directories", "acme", "directories");
            json(env, "managed list", "managed", "list");
            json(env, "doctor", "doctor");
            json(env, "config show", "config", "show");
        } finally {
            server.close();
        }
        assertThat(problems).as("differences between docs/CLI-JSON.md and the CLI's output").isEmpty();
        assertThat(checked).as("every row of docs/CLI-JSON.md is exercised").isEqualTo(contracts.keySet());
    }

    /** The intermediate's first CRL is published shortly after start: retried for a bounded time. */
    private void crlShow(Map<String, String> env, String issuer) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Cli.Result r;
        do {
            r = Cli.run(env, "crl", "show", "--issuer", issuer, "--output", "json");
            if (r.exit() == 0) {
                check("crl show --issuer ID", r);
                return;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no CRL for " + issuer + " within 30 s: " + r);
    }

    private JsonNode json(Map<String, String> env, String row, String... args) throws Exception {
        String[] withJson = new String[args.length + 2];
        System.arraycopy(args, 0, withJson, 0, args.length);
        withJson[args.length] = "--output";
        withJson[args.length + 1] = "json";
        Cli.Result r = Cli.run(env, withJson);
        assertThat(r.exit()).as(r.toString()).isZero();
        return check(row, r);
    }

    private JsonNode check(String row, Cli.Result r) throws Exception {
        Contract contract = contracts.get(row);
        assertThat(contract).as("docs/CLI-JSON.md has a row for " + row).isNotNull();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.isObject()).as(row + " prints one JSON object:\n" + r.out()).isTrue();
        for (Map.Entry<String, List<String>> section : contract.sections().entrySet()) {
            String name = section.getKey();
            if (name.isEmpty()) {
                compare(row, "", doc, section.getValue());
                continue;
            }
            assertThat(doc.path(name).isArray()).as(row + ": " + name + " is an array").isTrue();
            assertThat(doc.path(name)).as(row + ": " + name + " has elements to check").isNotEmpty();
            for (JsonNode element : doc.path(name)) {
                compare(row, name + "[]", element, section.getValue());
            }
        }
        checked.add(row);
        return doc;
    }

    private void compare(String row, String where, JsonNode object, List<String> documented) {
        Set<String> required = new LinkedHashSet<>();
        Set<String> allowed = new LinkedHashSet<>();
        for (String field : documented) {
            boolean optional = field.endsWith("?");
            String name = optional ? field.substring(0, field.length() - 1) : field;
            allowed.add(name);
            if (!optional) {
                required.add(name);
            }
        }
        Set<String> printed = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            printed.add(it.next());
        }
        String label = row + (where.isEmpty() ? "" : " " + where);
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(printed);
        Set<String> undocumented = new TreeSet<>(printed);
        undocumented.removeAll(allowed);
        if (!missing.isEmpty()) {
            problems.add(label + ": documented but not printed " + missing);
        }
        if (!undocumented.isEmpty()) {
            problems.add(label + ": printed but not documented " + undocumented);
        }
    }

    /** Rows of the table under "Fields, command by command", keyed by the first command of each row. */
    static Map<String, Contract> readContracts() {
        List<String> lines;
        try {
            lines = Files.readAllLines(docs().resolve("CLI-JSON.md"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, Contract> rows = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = ROW.matcher(line);
            if (!m.matches() || line.startsWith("| command")) {
                continue;
            }
            String command = m.group(1).substring(1, m.group(1).indexOf('`', 1));
            Map<String, List<String>> sections = new LinkedHashMap<>();
            Matcher s = SECTION.matcher(m.group(2).trim());
            while (s.find()) {
                String array = s.group(1) == null ? "" : s.group(1);
                sections.put(array, new ArrayList<>(List.of(s.group(2).trim().split("\\s+"))));
            }
            assertThat(sections).as("fields of " + command).isNotEmpty();
            rows.put(command, new Contract(line, sections));
        }
        assertThat(rows).as("rows of docs/CLI-JSON.md").hasSizeGreaterThan(20);
        return rows;
    }

    private static Path docs() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/CLI-JSON.md"))) {
                return p.resolve("docs");
            }
        }
        throw new IllegalStateException("docs/CLI-JSON.md not found above " + Path.of("").toAbsolutePath());
    }
}

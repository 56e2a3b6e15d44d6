package dev.sigil.cli.ssh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.Details;
import dev.sigil.cli.output.OutputFormat;
import dev.sigil.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code sigil ssh policies [NAME]}: {@code GET /api/v1/ssh/policies}, as a table or the rules of one policy. */
@Command(name = "policies", mixinStandardHelpOptions = true,
        description = {"List the SSH policies a certificate can be signed under (sigil ssh sign --policy NAME):"
            + " the built-in user and host policies and those named under sigil.ssh.policies in the server's"
            + " configuration.",
            "With NAME, every rule of that policy, key types included."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil ssh policies",
            "  sigil ssh policies deploy",
            "  sigil ssh policies --output json"})
public final class SshPoliciesCommand extends ApiCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Show only this policy, in detail.")
    String name;

    /** @param ctx streams, environment and clock of this run */
    public SshPoliciesCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        if (name != null && name.isBlank()) {
            throw usage("NAME must not be empty");
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode answer = client.get("/ssh/policies", Query.empty());
        List<JsonNode> items = ApiJson.items(answer);
        if (name != null) {
            JsonNode one = items.stream().filter(p -> name.equals(ApiJson.textOrEmpty(p, "name"))).findFirst()
                    .orElseThrow(() -> new CliException("no SSH policy '" + name + "' (offered: " + String.join(", ",
                            items.stream().map(p -> ApiJson.textOrEmpty(p, "name")).toList()) + ")",
                            ExitCodes.NOT_FOUND));
            if (format == OutputFormat.JSON) {
                out().println(ApiJson.pretty(one));
            } else {
                details(one).print(out(), 0);
            }
            return ExitCodes.OK;
        }
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(answer));
            return ExitCodes.OK;
        }
        Table table = new Table("NAME", "TYPE", "ROLES", "PRINCIPALS", "DENIED", "TTL (DEFAULT/MAX)", "EXTENSIONS",
                "OPTIONS");
        for (JsonNode p : items) {
            table.row(ApiJson.textOrEmpty(p, "name") + (p.path("builtIn").asBoolean(false) ? " (built-in)" : ""),
                    ApiJson.textOrEmpty(p, "type"), list(p, "roles"), list(p, "principals"),
                    list(p, "deniedPrincipals"), ttl(p), list(p, "extensions"), list(p, "criticalOptions"));
        }
        table.print(out());
        return ExitCodes.OK;
    }

    private static Details details(JsonNode p) {
        return new Details()
                .add("name", ApiJson.text(p, "name"))
                .add("type", ApiJson.text(p, "type"))
                .add("built-in", p.path("builtIn").asBoolean(false) ? "yes" : "no")
                .add("roles", list(p, "roles"))
                .add("principals", list(p, "principals"))
                .add("denied", list(p, "deniedPrincipals"))
                .add("default ttl", ApiJson.text(p, "defaultTtl"))
                .add("max ttl", ApiJson.text(p, "maxTtl"))
                .add("extensions", list(p, "extensions"))
                .add("allowed extensions", list(p, "allowedExtensions"))
                .add("critical options", list(p, "criticalOptions"))
                .add("key types", list(p, "keyTypes"));
    }

    private static String ttl(JsonNode p) {
        return ApiJson.textOrEmpty(p, "defaultTtl") + "/" + ApiJson.textOrEmpty(p, "maxTtl");
    }

    /** A list field comma-joined; "-" for an empty one, so that a column never looks missing. */
    private static String list(JsonNode p, String field) {
        List<String> values = ApiJson.strings(p, field);
        return values.isEmpty() ? "-" : String.join(",", values);
    }
}

package dev.sigil.cli.ssh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sigil ssh revoke}: {@code POST /api/v1/ssh/revocations} by serial, by key id or by public key. The next KRL
 * lists the revocation; sshd honours it once the KRL file it reads is refreshed ({@code sigil ssh krl}).
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revoke SSH certificates: one by its serial, every certificate with a key id, or a public key"
            + " (the key itself and every certificate of it). Give exactly one of SERIAL, --key-id, --public-key.",
            "sshd sees the revocation once its RevokedKeys file is refreshed with 'sigil ssh krl'."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil ssh revoke 1234567890 --reason keyCompromise",
            "  sigil ssh revoke --key-id alice@laptop --reason 'laptop lost'",
            "  sigil ssh revoke --key-id web1 --type host --reason decommissioned",
            "  sigil ssh revoke --public-key stolen_id_ed25519.pub --reason keyCompromise"})
public final class SshRevokeCommand extends ApiCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERIAL",
            description = "Serial in decimal, as ssh-keygen -L prints it.")
    String serialText;

    @Option(names = "--key-id", paramLabel = "ID", description = "Revoke every certificate with this key id.")
    String keyId;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "With --key-id: whose CA's certificates, user (default) or host.")
    String typeText;

    @Option(names = "--public-key", paramLabel = "FILE",
            description = "Revoke this public key (authorized_keys form) and every certificate of it.")
    String publicKeyFile;

    @Option(names = "--reason", required = true, paramLabel = "REASON",
            description = "Why, for the audit log (e.g. keyCompromise, superseded, or free text).")
    String reason;

    private ObjectNode body;

    /** @param ctx streams, environment and clock of this run */
    public SshRevokeCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        int given = (serialText != null ? 1 : 0) + (keyId != null ? 1 : 0) + (publicKeyFile != null ? 1 : 0);
        if (given != 1) {
            throw usage("give exactly one of SERIAL, --key-id or --public-key");
        }
        if (typeText != null && keyId == null) {
            throw usage("--type goes with --key-id only (a serial or a key names its certificate already)");
        }
        if (reason.isBlank()) {
            throw usage("--reason must not be empty");
        }
        body = ApiJson.object();
        try {
            if (serialText != null) {
                body.put("serial", SshSerial.parse(serialText).toString());
            } else if (keyId != null) {
                SshCertType type = typeText == null ? SshCertType.USER : SshCertType.parse(typeText);
                body.put("keyId", keyId).put("type", type.label());
            } else {
                body.put("publicKey", PublicKeyFile.read(ctx.resolve(publicKeyFile), "--public-key"));
            }
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        body.put("reason", reason);
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode answer = client.post("/ssh/revocations", Query.empty(), body);
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(answer));
            return ExitCodes.OK;
        }
        String what = body.has("serial") ? "serial " + body.get("serial").asText()
                : body.has("keyId") ? body.get("type").asText() + " key id '" + body.get("keyId").asText() + "'"
                : "public key";
        String count = ApiJson.text(answer, "revoked").map(n -> n + (n.equals("1") ? " certificate" : " certificates"))
                .orElse("");
        out().println("revoked " + what + (count.isEmpty() ? "" : " (" + count + ")")
                + ApiJson.text(answer, "krlVersion").map(v -> "; KRL version " + v).orElse(""));
        out().println("refresh the KRL on each sshd host: sigil ssh krl --out /etc/ssh/revoked_keys.krl");
        return ExitCodes.OK;
    }
}

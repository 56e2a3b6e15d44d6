package dev.sigil.cli.ssh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sigil ssh ca}: {@code GET /api/v1/ssh/ca/{type}}, printed as the line sshd or ssh wants. Only the line goes
 * to stdout, so it can be appended to a file; the fingerprint goes to stderr.
 */
@Command(name = "ca", mixinStandardHelpOptions = true,
        description = {"Print an SSH CA's public key: the user CA as a TrustedUserCAKeys line for sshd, the host CA"
            + " with --known-hosts as an @cert-authority line for ssh's known_hosts."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil ssh ca --type user > /etc/ssh/sigil_user_ca.pub",
            "      # sshd_config: TrustedUserCAKeys /etc/ssh/sigil_user_ca.pub",
            "  sigil ssh ca --type host --known-hosts '*.internal,10.0.0.*' >> ~/.ssh/known_hosts",
            "  sigil ssh ca --type host --output json"})
public final class SshCaCommand extends ApiCommand {

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "user or host.")
    String typeText;

    @Option(names = "--known-hosts", paramLabel = "PATTERNS",
            description = "Host CA only: print '@cert-authority PATTERNS <key>' for known_hosts; PATTERNS as in"
                    + " known_hosts, comma-separated, e.g. '*.internal,10.0.0.*'.")
    String knownHosts;

    private SshCertType type;

    /** @param ctx streams, environment and clock of this run */
    public SshCaCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        try {
            type = SshCertType.parse(typeText);
        } catch (IllegalArgumentException e) {
            throw usage("--type: " + e.getMessage());
        }
        if (knownHosts != null) {
            if (type != SshCertType.HOST) {
                throw usage("--known-hosts goes with --type host (ssh trusts host CAs; sshd trusts user CAs)");
            }
            if (knownHosts.isBlank() || knownHosts.chars().anyMatch(c -> Character.isWhitespace(c) || c < 0x20)) {
                throw usage("--known-hosts: patterns are comma-separated, without spaces, e.g. '*.internal,10.0.0.*'");
            }
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        JsonNode ca = client.get("/ssh/ca/" + type.label(), Query.empty());
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(ca));
            return ExitCodes.OK;
        }
        String key = ApiJson.text(ca, "publicKey").map(String::strip).orElseThrow(() ->
                new CliException("the server's answer has no publicKey", ExitCodes.FAILURE));
        out().println(knownHosts == null ? key : "@cert-authority " + knownHosts + " " + key);
        ApiJson.text(ca, "fingerprint").ifPresent(f -> err().println(type.label() + " CA " + f));
        return ExitCodes.OK;
    }
}

package dev.sigil.cli.doctor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.command.GlobalOptions;
import dev.sigil.cli.command.LocalCommand;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.output.OutputFormat;
import dev.sigil.cli.output.Terminal;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/** {@code sigil doctor}: is this machine set up to use Sigil, and is the server well? One line per check. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check the set-up, one line each, 'ok|warn|FAIL  what  detail': settings, DNS, TCP, TLS",
            "trust (handshake with the configured root and the host name), HTTP, the token and its role, clock",
            "skew versus the server (warn over 30 s, fail over 5 min), CA expiry (warn inside 180 days, fail",
            "when expired) and the server's health. Exits 0 without a FAIL, 1 with one."},
        footerHeading = "%nExamples:%n",
        footer = {"  sigil doctor", "  sigil doctor --output json | jq '.checks[] | select(.status != \"ok\")'",
            "  sigil doctor --server https://ca2.example.internal:8443"})
public final class DoctorCommand extends LocalCommand {

    /** @param ctx streams, environment, terminal and clock of this run */
    public DoctorCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int execute(GlobalOptions.Merged opts, OutputFormat format) {
        Optional<PrintStream> debug = opts.debug() ? Optional.of(ctx.err()) : Optional.empty();
        List<Check> checks = new Doctor(ctx.env(), ctx.clock(), debug).run(opts.flags());
        boolean failed = checks.stream().anyMatch(c -> c.status() == Check.Status.FAIL);
        if (format == OutputFormat.JSON) {
            ObjectNode o = ApiJson.object();
            o.put("ok", !failed);
            ArrayNode items = o.putArray("checks");
            for (Check c : checks) {
                items.addObject().put("status", c.status().label().toLowerCase(java.util.Locale.ROOT))
                        .put("check", c.what()).put("detail", c.detail());
            }
            out().println(ApiJson.pretty(o));
        } else {
            int width = checks.stream().mapToInt(c -> c.what().length()).max().orElse(0);
            for (Check c : checks) {
                out().println(String.format("%-4s  %-" + width + "s  %s", c.status().label(),
                        Terminal.clean(c.what()), Terminal.clean(c.detail())));
            }
        }
        return failed ? ExitCodes.FAILURE : ExitCodes.OK;
    }
}

package dev.sigil.cli.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.cli.cert.Serial;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.CliException;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiException;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import dev.sigil.cli.output.Terminal;
import dev.sigil.cli.time.Durations;
import dev.sigil.cli.time.Timestamps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * {@code sigil acme renew-early SERIAL --start TIME --reason TEXT}: {@code POST /api/v1/acme/renewal-windows}. Sets
 * the window that ACME Renewal Information (RFC 9773) suggests for one certificate, so that ACME clients renew it
 * early (e.g. before a planned mass revocation).
 */
@Command(name = "renew-early", mixinStandardHelpOptions = true,
        description = {"Ask ACME clients to renew a certificate early: set the renewal window (RFC 9773) that",
            "Sigil suggests for it. A later call for the same certificate replaces the window."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil acme renew-early 5f0c2d9a41b7 --start now --reason \"int-3 rotation\"",
            "  sigil acme renew-early 5f0c2d9a41b7 --issuer int-3f9a1c2b --start +2h --end +26h --reason rekey",
            "  sigil acme renew-early 5f0c2d9a41b7 --start 2026-11-24T08:00:00Z --reason \"planned revocation\"",
            "",
            "TIME: RFC 3339 (2026-11-24T08:00:00Z), now, +DURATION from now (+2h, +3d), or DURATION ago (2h)."})
public final class AcmeRenewEarlyCommand extends ApiCommand {

    /** The window's length when --end is not given. */
    static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    /** The HTTP status of "the serial exists under several issuers". */
    private static final int CONFLICT = 409;

    @Parameters(index = "0", paramLabel = "SERIAL", description = "Serial in hex; colons and upper case are fine.")
    Serial serial;

    @Option(names = "--issuer", paramLabel = "ID", description = "Issuer id, if the serial is ambiguous.")
    String issuer;

    @Option(names = "--start", required = true, paramLabel = "TIME", description = "When the window opens.")
    String startText;

    @Option(names = "--end", paramLabel = "TIME", description = "When it closes (default: one hour after --start).")
    String endText;

    @Option(names = "--reason", required = true, paramLabel = "TEXT",
            description = "Why, for the audit log and other operators.")
    String reason;

    private Instant start;
    private Instant end;

    /** @param ctx streams, environment and clock of this run */
    public AcmeRenewEarlyCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        // One "now" for both options, to the second: "--start now --end +1h" is exactly an hour, and reads cleanly.
        Instant now = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        start = time("--start", startText, now);
        end = endText == null ? start.plus(DEFAULT_WINDOW) : time("--end", endText, now);
        if (!end.isAfter(start)) {
            throw usage("--end (" + end + ") must be after --start (" + start + ")");
        }
        if (reason.isBlank()) {
            throw usage("--reason must not be empty");
        }
        if (issuer != null && issuer.isBlank()) {
            throw usage("--issuer must not be empty");
        }
    }

    /** {@link Timestamps}' forms, plus "now" and "+DURATION" (from now), which a window in the future needs. */
    private Instant time(String option, String text, Instant now) {
        String t = text.trim();
        try {
            if (t.toLowerCase(Locale.ROOT).equals("now")) {
                return now;
            }
            if (t.startsWith("+")) {
                return now.plus(Durations.parse(t.substring(1)));
            }
            return new Timestamps(Clock.fixed(now, ZoneOffset.UTC)).parse(t);
        } catch (IllegalArgumentException e) {
            throw usage(option + ": not a time: '" + text + "' (use RFC 3339 such as 2026-11-24T08:00:00Z, now,"
                    + " +2h for two hours from now, or 2h for two hours ago)");
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        ObjectNode body = ApiJson.object().put("serial", serial.hex());
        if (issuer != null) {
            body.put("issuer", issuer.strip());
        }
        body.put("start", start.toString()).put("end", end.toString()).put("reason", reason.strip());
        JsonNode set;
        try {
            set = client.post("/acme/renewal-windows", Query.empty(), body);
        } catch (ApiException e) {
            if (e.status() == CONFLICT && issuer == null) {
                throw new CliException("serial " + serial + " exists under several issuers; name one with --issuer",
                        ExitCodes.FAILURE, e);
            }
            throw e;
        }
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(set));
            return ExitCodes.OK;
        }
        out().println("renewal window of certificate "
                + Terminal.clean(ApiJson.text(set, "serial").orElse(serial.hex()))
                + ApiJson.text(set, "issuer").map(i -> " (issuer " + Terminal.clean(i) + ")").orElse("")
                + ": " + Terminal.clean(ApiJson.text(set, "start").orElse(start.toString()))
                + " to " + Terminal.clean(ApiJson.text(set, "end").orElse(end.toString()))
                + (set.path("replaced").asBoolean() ? " (replaced the earlier window)" : ""));
        return ExitCodes.OK;
    }
}

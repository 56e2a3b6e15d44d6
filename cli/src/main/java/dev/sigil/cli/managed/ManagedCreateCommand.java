package dev.sigil.cli.managed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.cli.command.ApiCommand;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.http.Query;
import dev.sigil.cli.http.SigilClient;
import dev.sigil.cli.output.OutputFormat;
import dev.sigil.cli.time.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code sigil managed create NAME}: {@code POST /api/v1/managed}; the server issues the first version at once. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a managed certificate. Sigil generates its key, issues it now and renews it before it"
            + " expires; workloads fetch the current one with 'sigil managed fetch'."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  sigil managed create web --cn web.internal --san dns:web.internal --san ip:10.0.0.7 \\",
            "      --profile server --key-type EC_P256 --lifetime 30d --renew-at 0.6667 --owner team-web",
            "  sigil managed create api --san dns:api.internal --lifetime 7d --renew-before 2d \\",
            "      --revoke-superseded --revoke-grace 1h"})
public final class ManagedCreateCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "NAME",
            description = "Unique name: lower-case letters, digits and '-' (e.g. web-frontend).")
    String name;

    @Option(names = "--cn", paramLabel = "CN", description = "Subject common name.")
    String commonName;

    @Option(names = "--san", paramLabel = "TYPE:NAME", description = "Subject alternative name, dns:NAME or ip:ADDRESS;"
            + " repeatable.")
    List<String> sans = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "NAME", description = "Issuance profile (server default: server).")
    String profile;

    @Option(names = "--key-type", paramLabel = "TYPE",
            description = "EC_P256 (default), EC_P384, RSA_2048, RSA_3072, RSA_4096 or ED25519.")
    String keyType;

    @Option(names = "--lifetime", paramLabel = "DURATION", description = "Lifetime of each certificate, e.g. 30d"
            + " (default: the profile's).")
    Duration lifetime;

    @Option(names = "--renew-at", paramLabel = "FRACTION",
            description = "Renew when this fraction of the lifetime has passed, e.g. 0.6667 (the default).")
    Double renewAt;

    @Option(names = "--renew-before", paramLabel = "DURATION", description = "Renew this long before expiry, e.g. 7d.")
    Duration renewBefore;

    @Option(names = "--owner", paramLabel = "OWNER", description = "Owner recorded on the certificates, e.g. a team.")
    String owner;

    @Option(names = "--revoke-superseded", description = "Revoke each superseded certificate (reason superseded).")
    boolean revokeSuperseded;

    @Option(names = "--revoke-grace", paramLabel = "DURATION",
            description = "With --revoke-superseded: how long a superseded certificate stays valid (default 0).")
    Duration revokeGrace;

    /** @param ctx streams, environment and clock of this run */
    public ManagedCreateCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void validate() {
        if (renewAt != null && renewBefore != null) {
            throw usage("--renew-at and --renew-before exclude each other");
        }
        if (renewAt != null && !(renewAt > 0 && renewAt < 1)) {
            throw usage("--renew-at must lie strictly between 0 and 1, e.g. 0.6667");
        }
        if (revokeGrace != null && !revokeSuperseded) {
            throw usage("--revoke-grace needs --revoke-superseded");
        }
        if (commonName == null && sans.isEmpty()) {
            throw usage("give --cn or at least one --san");
        }
    }

    @Override
    protected int execute(SigilClient client, OutputFormat format) throws Exception {
        ObjectNode body = ApiJson.object().put("name", name);
        Optional.ofNullable(commonName).ifPresent(c -> body.put("commonName", c));
        ArrayNode array = body.putArray("sans");
        sans.forEach(array::add);
        Optional.ofNullable(profile).ifPresent(p -> body.put("profile", p));
        Optional.ofNullable(keyType).ifPresent(k -> body.put("keyType", k));
        Optional.ofNullable(lifetime).ifPresent(l -> body.put("lifetime", Durations.format(l)));
        Optional.ofNullable(renewAt).ifPresent(r -> body.put("renewAt", r));
        Optional.ofNullable(renewBefore).ifPresent(r -> body.put("renewBefore", Durations.format(r)));
        Optional.ofNullable(owner).ifPresent(o -> body.put("owner", o));
        if (revokeSuperseded) {
            body.put("revokeSuperseded", true);
        }
        Optional.ofNullable(revokeGrace).ifPresent(g -> body.put("revokeGrace", Durations.format(g)));
        JsonNode created = client.post("/managed", Query.empty(), body);
        if (format == OutputFormat.JSON) {
            out().println(ApiJson.pretty(created));
        } else {
            out().println("created managed certificate " + ApiJson.text(created, "name").orElse(name));
            ManagedView.details(created, ctx.clock().instant()).print(out(), 2);
        }
        return ExitCodes.OK;
    }
}

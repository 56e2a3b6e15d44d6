package dev.sigil.cli.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.cli.command.CliContext;
import dev.sigil.cli.command.ExitCodes;
import dev.sigil.cli.command.GlobalOptions;
import dev.sigil.cli.command.LocalCommand;
import dev.sigil.cli.config.SettingsResolver.Choice;
import dev.sigil.cli.http.ApiJson;
import dev.sigil.cli.output.OutputFormat;
import dev.sigil.cli.output.Table;
import picocli.CommandLine.Command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code sigil config show}: every connection setting, the value in effect and where it came from (flag, environment,
 * config file, default). The token is shown only as set or not and where from, never its value.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show each setting in effect and where it came from: flag, env (environment variable), file",
            "(the config file) or default. The token is shown as '(set, from FILE)', never its value."},
        footerHeading = "%nExamples:%n",
        footer = {"  sigil config show", "  sigil config show --output json",
            "  SIGIL_SERVER=https://other.internal:8443 sigil config show"})
public final class ConfigShowCommand extends LocalCommand {

    /** @param ctx streams, environment, terminal and clock of this run */
    public ConfigShowCommand(CliContext ctx) {
        super(ctx);
    }

    /** One row: the key, its value as shown, the kind of source and the source itself. */
    private record Row(String key, String value, String source, String origin) {
        String from() {
            return origin.isEmpty() || origin.equals(source) ? source : source + " " + origin;
        }
    }

    @Override
    protected int execute(GlobalOptions.Merged opts, OutputFormat format) throws Exception {
        SettingsResolver resolver = new SettingsResolver(ctx.env());
        Optional<Path> config = resolver.configPath();
        List<Row> rows = new ArrayList<>();
        for (Choice c : resolver.describe(opts.flags()).all()) {
            // A default's value says what it is (the URL, or the ./data file of the working directory).
            rows.add(new Row(c.key(), value(c), c.kind().name().toLowerCase(Locale.ROOT),
                    c.kind() == SettingsResolver.Kind.DEFAULT ? "" : c.origin()));
        }
        String configSource = ctx.env().getOrDefault(SettingsResolver.ENV_CONFIG, "").isBlank() ? "default" : "env";
        rows.add(new Row("config", config.map(p -> p + (Files.isRegularFile(p) ? "" : " (does not exist)"))
                .orElse("(none: HOME is not set)"), configSource,
                configSource.equals("env") ? SettingsResolver.ENV_CONFIG : ""));
        if (format == OutputFormat.JSON) {
            ObjectNode o = ApiJson.object();
            ArrayNode items = o.putArray("settings");
            for (Row r : rows) {
                ObjectNode i = items.addObject();
                i.put("key", r.key());
                i.put("value", r.value());
                i.put("source", r.source());
                i.put("origin", r.origin());
            }
            out().println(ApiJson.pretty(o));
        } else {
            Table t = new Table("SETTING", "VALUE", "FROM");
            rows.forEach(r -> t.row(r.key(), r.value(), r.from()));
            t.print(out());
        }
        return ExitCodes.OK;
    }

    private static String value(Choice c) {
        if (c.kind() == SettingsResolver.Kind.NONE) {
            return c.key().equals(SettingsResolver.KEY_CA_CERT) ? "(none: the JDK's trust store)" : "(not set)";
        }
        if (c.key().equals("token")) {
            return c.path().map(p -> Files.isRegularFile(p) ? "(set, from " + p + ")" : "(missing: " + p
                    + " does not exist)").orElse("(set, from " + c.origin() + ")");
        }
        if (c.path().isPresent()) {
            Path p = c.path().get();
            return p + (Files.isRegularFile(p) ? "" : " (does not exist)");
        }
        return c.value().orElse("");
    }
}

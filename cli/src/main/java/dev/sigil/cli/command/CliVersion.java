package dev.sigil.cli.command;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The CLI's version, from the Maven metadata in the jar ({@code dev} when run from classes). */
public final class CliVersion implements CommandLine.IVersionProvider {

    private static final String POM_PROPERTIES = "/META-INF/maven/dev.sigil/sigil-cli/pom.properties";
    private static final String UNKNOWN = "dev";

    /** The version string, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        try (InputStream in = CliVersion.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", UNKNOWN);
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    /** The User-Agent sent to the server. */
    public static String userAgent() {
        return "sigil-cli/" + version();
    }

    @Override
    public String[] getVersion() {
        return new String[] {"sigil " + version()};
    }
}

package dev.sigil.service.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real third-party programs the end-to-end tests drive (certbot, pebble-challtestsrv). Outside CI a missing program
 * skips the test with the reason; in CI ({@code CI=true}, where bin/test installs them) it fails it.
 */
public final class ExternalTools {

    private ExternalTools() {
    }

    /** The program's path, or skip/fail as above. */
    public static Path require(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String why = program + " is not installed (Debian package " + debianPackage + "; bin/test installs it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(why);
        }
        Assumptions.abort(why);
        return null;
    }
}

package dev.sigil.storage.testing;

import dev.sigil.storage.DatabaseSettings;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Databases for tests, the same for every module that tests against storage (this class ships in the
 * storage test-jar).
 *
 * <p>{@link #mariaDb()} finds a MariaDB server in this order:
 * <ol>
 *   <li>{@value #URL_ENV} (e.g. {@code jdbc:mariadb://127.0.0.1:3306/test}), with {@value #USER_ENV}
 *       (default {@code root}) and {@value #PASSWORD_ENV} (default empty);</li>
 *   <li>a Testcontainers MariaDB, when a Docker engine answers;</li>
 *   <li>none: the test is skipped with a JUnit assumption, except when {@code CI=true}, where it fails,
 *       because a CI run that silently skipped MariaDB would prove nothing about production.</li>
 * </ol>
 * Each call creates its own uniquely named database ({@code sigil_t_<random>}) on that server, so test
 * classes never see each other's rows; {@link TestDatabase#close()} drops it.
 */
public final class TestDatabases {

    public static final String URL_ENV = "SIGIL_TEST_MARIADB_URL";
    public static final String USER_ENV = "SIGIL_TEST_MARIADB_USER";
    public static final String PASSWORD_ENV = "SIGIL_TEST_MARIADB_PASSWORD";
    /** Prefix of every database this class creates, so that leftovers of a crashed run are recognisable. */
    public static final String DATABASE_PREFIX = "sigil_t_";
    /** Random bytes in a database name: collisions between concurrent runs on one server are negligible. */
    private static final int NAME_RANDOM_BYTES = 6;
    /** Tests need few connections; a small pool also keeps many test classes within max_connections. */
    private static final int TEST_POOL_SIZE = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestDatabases() {
    }

    /** An embedded H2 database under {@code dir}, configured exactly as the production default. */
    public static TestDatabase h2(Path dir) {
        DatabaseSettings settings = DatabaseSettings.embedded(dir);
        return new TestDatabase("H2 " + dir, settings, () -> { });
    }

    /**
     * A fresh database on a MariaDB server (see the class comment for where the server comes from).
     * Aborts the calling test with an assumption failure if there is none, or fails it when {@code CI=true}.
     */
    public static TestDatabase mariaDb() {
        MariaDbServer server = server().orElseGet(() -> {
            String why = "no MariaDB for tests: set " + URL_ENV + " (e.g. jdbc:mariadb://127.0.0.1:3306/test)"
                    + " or make a Docker engine available to Testcontainers";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why + " (CI=true: a missing MariaDB is a failure, not a skip)");
            }
            Assumptions.abort(why);
            throw new AssertionError("unreachable");
        });
        String name = DATABASE_PREFIX + HexFormat.of().formatHex(randomBytes());
        server.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin");
        DatabaseSettings settings = new DatabaseSettings(server.urlFor(name), server.user(), server.password(),
                TEST_POOL_SIZE);
        return new TestDatabase("MariaDB " + name, settings, () -> server.execute("DROP DATABASE IF EXISTS " + name));
    }

    private static Optional<MariaDbServer> server() {
        String url = System.getenv(URL_ENV);
        if (url != null && !url.isBlank()) {
            return Optional.of(new MariaDbServer(url, envOr(USER_ENV, "root"), envOr(PASSWORD_ENV, "")));
        }
        try {
            return ContainerMariaDb.server();
        } catch (NoClassDefFoundError e) {
            return Optional.empty(); // Testcontainers is not on this module's test classpath
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[NAME_RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** A server reached through an administrative URL (any database on it); creates and drops databases. */
    record MariaDbServer(String adminUrl, String user, String password) {

        /** The admin URL with its database path replaced by {@code database}, options kept. */
        String urlFor(String database) {
            int hostStart = adminUrl.indexOf("//");
            if (hostStart < 0) {
                throw new IllegalArgumentException(URL_ENV + " must look like jdbc:mariadb://host:port/database");
            }
            int pathStart = adminUrl.indexOf('/', hostStart + 2);
            int query = adminUrl.indexOf('?', hostStart + 2);
            String base = pathStart < 0 || (query >= 0 && query < pathStart)
                    ? adminUrl.substring(0, query < 0 ? adminUrl.length() : query)
                    : adminUrl.substring(0, pathStart);
            return base + "/" + database + (query < 0 ? "" : adminUrl.substring(query));
        }

        void execute(String sql) {
            try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                 Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("MariaDB for tests at " + adminUrl + " failed: " + e.getMessage(), e);
            }
        }
    }
}

package dev.sigil.storage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the database is and how to reach it.
 *
 * @param url      JDBC URL ({@code jdbc:h2:...} or {@code jdbc:mariadb://...})
 * @param user     user name (may be empty)
 * @param password password (may be empty; never logged)
 * @param poolSize maximum connections in the HikariCP pool
 */
public record DatabaseSettings(String url, String user, String password, int poolSize) {

    /** Default pool size: enough for the group-commit writer plus concurrent readers on 2 cores. */
    public static final int DEFAULT_POOL_SIZE = 16;

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:mariadb:") && !url.startsWith("jdbc:mysql:")) {
            throw new IllegalArgumentException("unsupported JDBC URL (expected jdbc:h2: or jdbc:mariadb:): "
                    + url.replaceAll("password=[^&;]*", "password=***"));
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (poolSize < 2) {
            throw new IllegalArgumentException("poolSize must be at least 2, was " + poolSize);
        }
    }

    /** The embedded default: an H2 file database in MariaDB mode under {@code dataDir/db}. */
    public static DatabaseSettings embedded(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve("db").resolve("sigil");
        return new DatabaseSettings("jdbc:h2:file:" + file + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE", "sigil", "", DEFAULT_POOL_SIZE);
    }

    public boolean isH2() {
        return url.startsWith("jdbc:h2:");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url.replaceAll("password=[^&;]*", "password=***") + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}

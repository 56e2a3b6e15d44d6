package dev.sigil.service.testing;

import dev.sigil.storage.DatabaseSettings;

import java.io.IOException;
import java.util.regex.Pattern;

/** A {@link TcpProxy} in front of the MariaDB server of a {@code jdbc:mariadb://host:port/db} URL. */
public final class DatabaseProxy {

    private DatabaseProxy() {
    }

    /** Starts a proxy to the server {@code settings} names (one host; port 3306 when none is given). */
    public static TcpProxy to(DatabaseSettings settings) throws IOException {
        String authority = authority(settings.url());
        int colon = authority.lastIndexOf(':');
        return colon < 0 ? TcpProxy.start(authority, 3306)
                : TcpProxy.start(authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1)));
    }

    /** The same database, reached through {@code proxy}. */
    public static DatabaseSettings through(DatabaseSettings settings, TcpProxy proxy) {
        String url = settings.url();
        String rewritten = url.replaceFirst("//" + Pattern.quote(authority(url)), "//127.0.0.1:" + proxy.port());
        return new DatabaseSettings(rewritten, settings.user(), settings.password(), settings.poolSize());
    }

    /** host[:port] of a jdbc:mariadb://host:port/database URL. */
    static String authority(String url) {
        int start = url.indexOf("//") + 2;
        int end = url.indexOf('/', start);
        String authority = url.substring(start, end < 0 ? url.length() : end);
        if (authority.contains(",")) {
            throw new IllegalArgumentException("one MariaDB host expected, not " + authority);
        }
        return authority;
    }
}

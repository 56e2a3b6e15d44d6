package dev.sigil.storage.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MariaDBContainer;

import java.util.Optional;

/**
 * A MariaDB in a container, started once per JVM and shared (each test still gets its own database).
 * Kept apart from {@link TestDatabases} so that Testcontainers classes load only when no server URL is given.
 */
final class ContainerMariaDb {

    /** The production floor: test what we support. */
    static final String IMAGE = "mariadb:10.11";
    private static final String ROOT_PASSWORD = "sigil-test";

    private static MariaDBContainer<?> container;

    private ContainerMariaDb() {
    }

    static synchronized Optional<TestDatabases.MariaDbServer> server() {
        if (container == null) {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return Optional.empty();
            }
            MariaDBContainer<?> started = new MariaDBContainer<>(IMAGE)
                    .withUsername("root")
                    .withPassword(ROOT_PASSWORD);
            started.start(); // stopped by Testcontainers' reaper when the JVM exits
            container = started;
        }
        return Optional.of(new TestDatabases.MariaDbServer(container.getJdbcUrl(), "root", ROOT_PASSWORD));
    }
}

package dev.sigil.storage.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestDatabasesTest {

    @Test
    void replacesOnlyTheDatabaseOfTheAdminUrl() {
        assertThat(server("jdbc:mariadb://127.0.0.1:3306/test").urlFor("sigil_t_1"))
                .isEqualTo("jdbc:mariadb://127.0.0.1:3306/sigil_t_1");
        assertThat(server("jdbc:mariadb://db:3306/test?useSsl=false&a=b").urlFor("sigil_t_1"))
                .isEqualTo("jdbc:mariadb://db:3306/sigil_t_1?useSsl=false&a=b");
        assertThat(server("jdbc:mariadb://db:3306").urlFor("sigil_t_1")).isEqualTo("jdbc:mariadb://db:3306/sigil_t_1");
        assertThat(server("jdbc:mariadb://db:3306?x=1").urlFor("sigil_t_1")).isEqualTo("jdbc:mariadb://db:3306/sigil_t_1?x=1");
    }

    private static TestDatabases.MariaDbServer server(String url) {
        return new TestDatabases.MariaDbServer(url, "root", "");
    }
}

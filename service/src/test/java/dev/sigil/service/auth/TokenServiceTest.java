package dev.sigil.service.auth;

import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.testing.TestClock;
import dev.sigil.storage.Database;
import dev.sigil.storage.DatabaseSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scoped (workload) tokens through the real token store. */
class TokenServiceTest {

    @TempDir
    Path dir;
    Database db;
    TokenService tokens;

    @BeforeEach
    void open() {
        db = Database.open(DatabaseSettings.embedded(dir));
        tokens = new TokenService(db.tokens(), db.ledger(), new TestClock(Instant.parse("2026-01-01T00:00:00Z")));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void scopedTokenAuthenticatesAsWorkloadWithItsScope() {
        TokenService.Created c = tokens.createScoped("web-deployer", "web", "admin");
        assertThat(c.record().scope()).contains("web");
        assertThat(c.record().role()).isEqualTo("workload");
        assertThat(c.toString()).doesNotContain(c.secret());

        Principal p = tokens.authenticate(Optional.of("Bearer " + c.secret()));
        assertThat(p.role()).isEqualTo(Role.WORKLOAD);
        assertThat(p.scope()).contains("web");
        assertThat(tokens.list()).anySatisfy(t -> assertThat(t.scope()).contains("web"));
    }

    @Test
    void workloadTokensNeedAScopeAndOthersGetNone() {
        assertThatThrownBy(() -> tokens.create("w", Role.WORKLOAD, "admin"))
                .isInstanceOfSatisfying(SigilException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED));
        assertThatThrownBy(() -> tokens.createScoped("w", " ", "admin")).isInstanceOf(SigilException.class);
        TokenService.Created op = tokens.create("ops", Role.OPERATOR, "admin");
        assertThat(tokens.authenticate(Optional.of("Bearer " + op.secret())).scope()).isEmpty();
    }

    @Test
    void revokedScopedTokenIsRefused() {
        TokenService.Created c = tokens.createScoped("w", "web", "admin");
        tokens.revoke(c.record().id(), "admin");
        assertThatThrownBy(() -> tokens.authenticate(Optional.of("Bearer " + c.secret())))
                .isInstanceOfSatisfying(SigilException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED));
    }
}

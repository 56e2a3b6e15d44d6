package dev.sigil.acme.nonce;

import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.acme.testing.MutableClock;
import dev.sigil.storage.Database;
import dev.sigil.storage.acme.AcmeStore;
import dev.sigil.storage.testing.TestDatabase;
import dev.sigil.storage.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NonceServiceTest {

    @TempDir
    Path dir;
    TestDatabase testDatabase;
    Database database;
    MutableClock clock = new MutableClock();
    AtomicInteger writes = new AtomicInteger();
    AcmeStore store;

    @BeforeEach
    void open() {
        testDatabase = TestDatabases.h2(dir);
        database = testDatabase.open();
        AcmeStore real = database.acme();
        // Counts the store writes that create nonces; everything else passes through.
        store = (AcmeStore) Proxy.newProxyInstance(AcmeStore.class.getClassLoader(), new Class<?>[] {AcmeStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("addNonces")) {
                        writes.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @AfterEach
    void close() {
        database.close();
        testDatabase.close();
    }

    @Test
    void noncesAreUniqueAndGoodExactlyOnce() {
        NonceService nonces = new NonceService(store, clock, Duration.ofHours(1), 8);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            String nonce = nonces.next();
            assertThat(nonce).matches("[A-Za-z0-9_-]{22}");
            seen.add(nonce);
        }
        assertThat(seen).hasSize(20);
        assertThat(writes.get()).isEqualTo(3); // 8 + 8 + 4 of a third batch
        String nonce = seen.iterator().next();
        nonces.redeem(nonce);
        assertThatThrownBy(() -> nonces.redeem(nonce)).isInstanceOfSatisfying(AcmeProblem.class,
                p -> assertThat(p.type()).isEqualTo(ProblemType.BAD_NONCE));
        assertThatThrownBy(() -> nonces.redeem("x".repeat(100))).isInstanceOf(AcmeProblem.class);
    }

    @Test
    void aBatchIsHandedOutOnlyInTheFirstHalfOfItsLife() {
        NonceService nonces = new NonceService(store, clock, Duration.ofHours(1), 100);
        String early = nonces.next();
        clock.advance(Duration.ofMinutes(31));
        String late = nonces.next();
        assertThat(writes.get()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(31));
        nonces.redeem(late);
        assertThatThrownBy(() -> nonces.redeem(early)).isInstanceOf(AcmeProblem.class); // past its hour
    }

    @Test
    void aNonceIsGoodOnAnotherNodeSharingTheDatabase() {
        NonceService nodeA = new NonceService(store, clock, Duration.ofHours(1), 4);
        NonceService nodeB = new NonceService(store, clock, Duration.ofHours(1), 4);
        String nonce = nodeA.next();
        nodeB.redeem(nonce);
        assertThatThrownBy(() -> nodeA.redeem(nonce)).isInstanceOf(AcmeProblem.class);
    }
}

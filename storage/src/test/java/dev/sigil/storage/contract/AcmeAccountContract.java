package dev.sigil.storage.contract;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.AcmeStore;
import dev.sigil.storage.acme.EabKey;
import dev.sigil.storage.audit.AuditEvent;
import dev.sigil.storage.audit.AuditQuery;
import dev.sigil.storage.audit.AuditRecord;
import dev.sigil.storage.certificate.Page;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static dev.sigil.storage.contract.AcmeTestData.account;
import static dev.sigil.storage.contract.TestData.NOW;
import static dev.sigil.storage.contract.TestData.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ACME accounts, key rollover, EAB keys and the audit records of account-level changes. */
abstract class AcmeAccountContract extends DatabaseSuite {

    private static final int RACERS = 8;

    AcmeAccountContract(Backend backend) {
        super(backend);
    }

    private AcmeStore acme() {
        return db.acme();
    }

    private long auditHead() {
        return db.audit().verify().records();
    }

    private List<AuditRecord> auditSince(long seq) {
        return db.audit().list(new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), seq, 100));
    }

    private long count(String sqlFromWhere) {
        return RawSql.queryLong(testDb.settings(), "SELECT COUNT(*) FROM " + sqlFromWhere);
    }

    private AcmeAccount created(String directory) {
        AcmeAccount a = account(directory);
        acme().createAccount(a, event("acme.account.create", a.id()));
        return a;
    }

    // --- accounts

    @Test
    void accountsRoundTripExactlyByIdAndByKey() {
        String directory = AcmeTestData.directory();
        AcmeAccount a = created(directory);
        AcmeAccount bare = new AcmeAccount(AcmeTestData.id(), directory, AcmeTestData.thumbprint(), "{}",
                AcmeStatus.Account.VALID, List.of(), false, Optional.empty(), NOW);
        acme().createAccount(bare, event("acme.account.create", bare.id()));

        assertThat(acme().account(a.id())).contains(a);
        assertThat(acme().accountByKey(directory, a.keyThumbprint())).contains(a);
        assertThat(acme().account(bare.id())).contains(bare);
        assertThat(acme().accountByKey("other-directory", a.keyThumbprint())).isEmpty();
        assertThat(acme().accountByKey(directory, AcmeTestData.thumbprint())).isEmpty();
        assertThat(acme().account(AcmeTestData.id())).isEmpty();
        assertThat(acme().account("y".repeat(500))).isEmpty();
    }

    @Test
    void oneKeyHasOneAccountPerDirectory() {
        String directory = AcmeTestData.directory();
        AcmeAccount a = created(directory);
        AcmeAccount sameKey = new AcmeAccount(AcmeTestData.id(), directory, a.keyThumbprint(), a.jwkJson(),
                AcmeStatus.Account.VALID, List.of(), true, Optional.empty(), NOW);
        long before = auditHead();

        assertFails(StorageException.Kind.CONFLICT,
                () -> acme().createAccount(sameKey, event("acme.account.create", sameKey.id())));
        assertFails(StorageException.Kind.CONFLICT, () -> acme().createAccount(a, event("acme.account.create", a.id())));

        assertThat(acme().account(sameKey.id())).isEmpty();
        assertThat(auditHead()).as("no audit record for a refused account").isEqualTo(before);
        AcmeAccount elsewhere = new AcmeAccount(AcmeTestData.id(), AcmeTestData.directory(), a.keyThumbprint(),
                a.jwkJson(), AcmeStatus.Account.VALID, List.of(), true, Optional.empty(), NOW);
        acme().createAccount(elsewhere, event("acme.account.create", elsewhere.id()));
        assertThat(acme().accountByKey(elsewhere.directory(), a.keyThumbprint())).contains(elsewhere);
    }

    @Test
    void updateReplacesContactsAndStatus() {
        AcmeAccount a = created(AcmeTestData.directory());

        acme().updateAccount(a.id(), List.of("mailto:new@example.net"), AcmeStatus.Account.VALID,
                event("acme.account.update", a.id()));
        assertThat(acme().account(a.id()).orElseThrow().contacts()).containsExactly("mailto:new@example.net");

        acme().updateAccount(a.id(), List.of(), AcmeStatus.Account.DEACTIVATED, event("acme.account.update", a.id()));
        AcmeAccount deactivated = acme().account(a.id()).orElseThrow();
        assertThat(deactivated).isEqualTo(new AcmeAccount(a.id(), a.directory(), a.keyThumbprint(), a.jwkJson(),
                AcmeStatus.Account.DEACTIVATED, List.of(), a.termsAgreed(), a.eabKeyId(), a.createdAt()));
        assertFails(StorageException.Kind.NOT_FOUND, () -> acme().updateAccount(AcmeTestData.id(), List.of(),
                AcmeStatus.Account.DEACTIVATED, event("acme.account.update", "x")));
    }

    @Test
    void keyChangeIsCompareAndSetAndRefusesATakenKey() {
        String directory = AcmeTestData.directory();
        AcmeAccount a = created(directory);
        AcmeAccount other = created(directory);
        String newKey = AcmeTestData.thumbprint();

        assertThat(acme().changeAccountKey(a.id(), a.keyThumbprint(), newKey, AcmeTestData.jwk(newKey),
                event("acme.account.key-change", a.id()))).isTrue();
        assertThat(acme().accountByKey(directory, newKey).orElseThrow().jwkJson()).isEqualTo(AcmeTestData.jwk(newKey));
        assertThat(acme().accountByKey(directory, a.keyThumbprint())).isEmpty();

        String stale = AcmeTestData.thumbprint();
        assertThat(acme().changeAccountKey(a.id(), a.keyThumbprint(), stale, "{}",
                event("acme.account.key-change", a.id()))).as("old key no longer current").isFalse();
        assertFails(StorageException.Kind.CONFLICT, () -> acme().changeAccountKey(a.id(), newKey,
                other.keyThumbprint(), other.jwkJson(), event("acme.account.key-change", a.id())));
        assertThat(acme().account(a.id()).orElseThrow().keyThumbprint()).isEqualTo(newKey);
        assertFails(StorageException.Kind.NOT_FOUND, () -> acme().changeAccountKey(AcmeTestData.id(), newKey, stale,
                "{}", event("acme.account.key-change", "x")));
    }

    @Test
    void racingKeyChangesFromOneKeyHaveExactlyOneWinner() throws Exception {
        AcmeAccount a = created(AcmeTestData.directory());
        List<String> candidates = IntStream.range(0, RACERS).mapToObj(i -> AcmeTestData.thumbprint()).toList();

        int winners = Concurrently.run(RACERS, i -> acme().changeAccountKey(a.id(), a.keyThumbprint(),
                candidates.get(i), AcmeTestData.jwk(candidates.get(i)), event("acme.account.key-change", a.id())));

        assertThat(winners).isEqualTo(1);
        assertThat(candidates).contains(acme().account(a.id()).orElseThrow().keyThumbprint());
    }

    @Test
    void accountsListNewestFirstAcrossPages() {
        String directory = AcmeTestData.directory();
        List<AcmeAccount> accounts = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Two pairs share a creation instant: the id breaks the tie.
            AcmeAccount a = AcmeTestData.createdAt(account(directory), NOW.plusSeconds(i / 2));
            acme().createAccount(a, event("acme.account.create", a.id()));
            accounts.add(a);
        }
        created(AcmeTestData.directory()); // another directory's account is never listed
        List<AcmeAccount> expected = accounts.stream().sorted(Comparator.comparing(AcmeAccount::createdAt)
                .thenComparing(AcmeAccount::id, Comparator.naturalOrder()).reversed()).toList();

        List<AcmeAccount> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int pages = 0;
        do {
            Page<AcmeAccount> page = acme().accounts(directory, cursor, 3);
            seen.addAll(page.items());
            cursor = page.nextCursor();
            pages++;
        } while (cursor.isPresent());

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(3);
        assertThatThrownBy(() -> acme().accounts(directory, Optional.of("bm90LWEtY3Vyc29y"), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> acme().accounts(directory, Optional.empty(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- External Account Binding

    @Test
    void eabKeysRoundTripAndListInCreationOrder() {
        String directory = AcmeTestData.directory();
        EabKey first = AcmeTestData.eabKey(directory);
        EabKey second = new EabKey("kid-" + AcmeTestData.id(), directory, "", TestData.bytes(64), NOW,
                Optional.empty(), Optional.empty());
        acme().addEabKey(second, event("acme.eab.create", second.keyId()));
        acme().addEabKey(first, event("acme.eab.create", first.keyId()));

        assertThat(acme().eabKey(first.keyId())).get().usingRecursiveComparison().isEqualTo(first);
        assertThat(acme().eabKeys(directory)).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(first, second);
        assertThat(acme().eabKey("kid-unknown")).isEmpty();
        assertFails(StorageException.Kind.CONFLICT, () -> acme().addEabKey(first, event("acme.eab.create", "dup")));
    }

    @Test
    void anEabKeyBindsOneAccountOnceAndAFailedBindWritesNoAccount() {
        String directory = AcmeTestData.directory();
        EabKey key = AcmeTestData.eabKey(directory);
        acme().addEabKey(key, event("acme.eab.create", key.keyId()));
        AcmeAccount first = AcmeTestData.withEab(account(directory), key.keyId());
        acme().createAccount(first, event("acme.account.create", first.id()));

        assertThat(acme().account(first.id())).contains(first);
        EabKey bound = acme().eabKey(key.keyId()).orElseThrow();
        assertThat(bound.boundAccountId()).contains(first.id());
        assertThat(bound.boundAt()).contains(first.createdAt());

        AcmeAccount second = AcmeTestData.withEab(account(directory), key.keyId());
        assertFails(StorageException.Kind.CONFLICT,
                () -> acme().createAccount(second, event("acme.account.create", second.id())));
        AcmeAccount unknownKey = AcmeTestData.withEab(account(directory), "kid-" + AcmeTestData.id());
        assertFails(StorageException.Kind.NOT_FOUND,
                () -> acme().createAccount(unknownKey, event("acme.account.create", unknownKey.id())));
        EabKey foreign = AcmeTestData.eabKey(AcmeTestData.directory());
        acme().addEabKey(foreign, event("acme.eab.create", foreign.keyId()));
        AcmeAccount wrongDirectory = AcmeTestData.withEab(account(directory), foreign.keyId());
        assertFails(StorageException.Kind.NOT_FOUND,
                () -> acme().createAccount(wrongDirectory, event("acme.account.create", wrongDirectory.id())));

        for (AcmeAccount refused : List.of(second, unknownKey, wrongDirectory)) {
            assertThat(acme().account(refused.id())).isEmpty();
            assertThat(acme().accountByKey(directory, refused.keyThumbprint())).isEmpty();
            assertThat(count("acme_accounts WHERE id = '" + refused.id() + "'")).isZero();
            assertThat(count("acme_account_contacts WHERE account_id = '" + refused.id() + "'")).isZero();
        }
        assertThat(acme().eabKey(key.keyId()).orElseThrow().boundAccountId()).contains(first.id());
        assertThat(acme().eabKey(foreign.keyId()).orElseThrow().boundAccountId()).isEmpty();
    }

    @Test
    void racingAccountsOnOneEabKeyHaveExactlyOneWinner() throws Exception {
        String directory = AcmeTestData.directory();
        EabKey key = AcmeTestData.eabKey(directory);
        acme().addEabKey(key, event("acme.eab.create", key.keyId()));
        List<AcmeAccount> racers = IntStream.range(0, RACERS)
                .mapToObj(i -> AcmeTestData.withEab(account(directory), key.keyId())).toList();

        int winners = Concurrently.run(RACERS, i -> {
            try {
                acme().createAccount(racers.get(i), event("acme.account.create", racers.get(i).id()));
                return true;
            } catch (StorageException e) {
                assertThat(e.kind()).isEqualTo(StorageException.Kind.CONFLICT);
                return false;
            }
        });

        assertThat(winners).isEqualTo(1);
        assertThat(count("acme_accounts WHERE eab_key_id = '" + key.keyId() + "'")).isEqualTo(1);
        String boundTo = acme().eabKey(key.keyId()).orElseThrow().boundAccountId().orElseThrow();
        assertThat(acme().account(boundTo).orElseThrow().eabKeyId()).contains(key.keyId());
    }

    @Test
    void eabKeysAreCheckedBeforeAnythingIsWritten() {
        String directory = AcmeTestData.directory();
        EabKey key = AcmeTestData.eabKey(directory);
        String hex = HexFormat.of().formatHex(key.hmacKey());
        String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(key.hmacKey());
        for (String leaky : List.of("{\"hmac\":\"" + hex.toUpperCase() + "\"}", "key=" + b64)) {
            assertThatThrownBy(() -> acme().addEabKey(key, AuditEvent.success(NOW, "tester", "acme.eab.create",
                    key.keyId(), leaky))).isInstanceOf(IllegalArgumentException.class);
        }
        EabKey weak = new EabKey("kid-weak", directory, "", TestData.bytes(16), NOW, Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> acme().addEabKey(weak, event("acme.eab.create", "kid-weak")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(acme().eabKeys(directory)).isEmpty();
    }

    // --- audit

    @Test
    void accountChangesAppendAuditRecordsToAChainThatStillVerifies() {
        long before = auditHead();
        String directory = AcmeTestData.directory();
        EabKey key = AcmeTestData.eabKey(directory);
        acme().addEabKey(key, event("acme.eab.create", key.keyId()));
        AcmeAccount a = AcmeTestData.withEab(account(directory), key.keyId());
        acme().createAccount(a, event("acme.account.create", a.id()));
        acme().updateAccount(a.id(), List.of(), AcmeStatus.Account.VALID, event("acme.account.update", a.id()));
        String newKey = AcmeTestData.thumbprint();
        acme().changeAccountKey(a.id(), a.keyThumbprint(), newKey, "{}", event("acme.account.key-change", a.id()));
        acme().changeAccountKey(a.id(), a.keyThumbprint(), newKey, "{}", event("acme.account.key-change", "stale"));
        acme().addNonces(List.of(AcmeTestData.id()), NOW.plusSeconds(5));

        List<AuditRecord> appended = auditSince(before);
        assertThat(appended).extracting(r -> r.event().action()).containsExactly("acme.eab.create",
                "acme.account.create", "acme.account.update", "acme.account.key-change");
        assertThat(appended).extracting(r -> r.event().target())
                .containsExactly(key.keyId(), a.id(), a.id(), a.id());
        String hex = HexFormat.of().formatHex(key.hmacKey());
        assertThat(appended).allSatisfy(r -> assertThat(r.event().details()).doesNotContain(hex));
        assertThat(db.audit().verify().intact()).isTrue();
        assertThat(auditHead()).isEqualTo(before + 4);
    }
}

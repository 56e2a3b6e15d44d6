package dev.sigil.acme.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.directory.AcmeUrls;
import dev.sigil.acme.http.AcmeJson;
import dev.sigil.acme.http.Reply;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.AcmeStore;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * POST to an account URL (RFC 8555 §7.3.2, §7.3.6): POST-as-GET reads it; a payload may replace the contacts or set
 * {@code "status": "deactivated"}, after which every request signed by the account is refused (unauthorized).
 */
public final class AccountUpdate {

    private final AcmeStore store;
    private final Clock clock;
    private final int maxContacts;

    public AccountUpdate(AcmeStore store, Clock clock, int maxContacts) {
        this.store = store;
        this.clock = clock;
        this.maxContacts = maxContacts;
    }

    public Reply handle(SignedRequest request, String accountId, AcmeUrls urls) {
        AcmeAccount account = request.requireAccount();
        if (!account.id().equals(accountId)) {
            throw AcmeProblem.unauthorized("the request is signed by another account than the one it addresses");
        }
        if (request.jws().postAsGet()) {
            return Reply.ok().json(AccountJson.of(account, urls));
        }
        ObjectNode payload = request.jws().payloadJson();
        Optional<String> status = AcmeJson.optionalText(payload, "status");
        Optional<List<String>> contacts = Contacts.parse(payload, maxContacts);
        AcmeStatus.Account next = AcmeStatus.Account.VALID;
        if (status.isPresent()) {
            switch (status.get()) {
                case "deactivated" -> next = AcmeStatus.Account.DEACTIVATED;
                case "valid" -> { } // its present status: nothing to change
                default -> throw AcmeProblem.malformed("an account's status can only be set to \"deactivated\"");
            }
        }
        if (next == account.status() && contacts.isEmpty()) {
            return Reply.ok().json(AccountJson.of(account, urls));
        }
        List<String> newContacts = contacts.orElse(account.contacts());
        String action = next == AcmeStatus.Account.DEACTIVATED ? "acme.account.deactivate" : "acme.account.update";
        store.updateAccount(account.id(), newContacts, next, AccountAudit.event(clock.instant(), account.directory(),
                account.id(), action, "contacts=" + newContacts.size()));
        AcmeAccount updated = new AcmeAccount(account.id(), account.directory(), account.keyThumbprint(),
                account.jwkJson(), next, newContacts, account.termsAgreed(), account.eabKeyId(), account.createdAt());
        return Reply.ok().json(AccountJson.of(updated, urls));
    }
}

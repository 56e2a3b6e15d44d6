package dev.sigil.acme.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sigil.acme.directory.AcmeUrls;
import dev.sigil.acme.directory.DirectorySettings;
import dev.sigil.acme.directory.ResourceIds;
import dev.sigil.acme.http.AcmeJson;
import dev.sigil.acme.http.Reply;
import dev.sigil.acme.jws.AccountKey;
import dev.sigil.acme.jws.ExternalAccountBinding;
import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import dev.sigil.acme.ratelimit.RateLimiter;
import dev.sigil.storage.StorageException;
import dev.sigil.storage.acme.AcmeAccount;
import dev.sigil.storage.acme.AcmeStatus;
import dev.sigil.storage.acme.AcmeStore;
import dev.sigil.storage.acme.EabKey;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * newAccount (RFC 8555 §7.3): finds the account of a key (200, with its Location) or creates one (201), checking
 * contacts, agreement to the terms of service and, where the directory requires it, an External Account Binding
 * (§7.3.4). The EAB key is bound in the same transaction that creates the account, so a refused request leaves
 * neither an account nor a used key behind.
 */
public final class NewAccount {

    /** Longest EAB key id the store holds; longer ones cannot exist. */
    static final int MAX_EAB_KEY_ID = 128;

    private final AcmeStore store;
    private final RateLimiter limits;
    private final Clock clock;
    private final int maxContacts;

    public NewAccount(AcmeStore store, RateLimiter limits, Clock clock, int maxContacts) {
        this.store = store;
        this.limits = limits;
        this.clock = clock;
        this.maxContacts = maxContacts;
    }

    public Reply handle(SignedRequest request, DirectorySettings directory, AcmeUrls urls, String clientIp) {
        ObjectNode payload = request.jws().payloadJson();
        AccountKey key = request.key();
        boolean onlyReturnExisting = AcmeJson.optionalBoolean(payload, "onlyReturnExisting");
        Optional<AcmeAccount> existing = store.accountByKey(directory.name(), key.thumbprint());
        if (existing.isPresent()) {
            return existing(existing.get(), urls);
        }
        if (onlyReturnExisting) {
            throw new AcmeProblem(ProblemType.ACCOUNT_DOES_NOT_EXIST, "no account exists with this key");
        }
        List<String> contacts = Contacts.parse(payload, maxContacts).orElse(List.of());
        boolean agreed = AcmeJson.optionalBoolean(payload, "termsOfServiceAgreed");
        if (directory.termsOfService().isPresent() && !agreed) {
            throw AcmeProblem.malformed("this directory requires agreement to its terms of service "
                    + "(\"termsOfServiceAgreed\": true)");
        }
        Optional<String> eabKeyId = externalAccountBinding(payload, directory, request.jws().url(), key);
        limits.newAccount(clientIp);
        Instant now = clock.instant();
        AcmeAccount account = new AcmeAccount(ResourceIds.newId(), directory.name(), key.thumbprint(), key.jwkJson(),
                AcmeStatus.Account.VALID, contacts, agreed, eabKeyId, now);
        try {
            store.createAccount(account, AccountAudit.event(now, directory.name(), account.id(), "acme.account.create",
                    eabKeyId.map(k -> "eab=" + k).orElse("")));
        } catch (StorageException e) {
            return switch (e.kind()) {
                // Lost a race with the same key: answer as if it had come first. Otherwise the EAB key was taken.
                case CONFLICT -> store.accountByKey(directory.name(), key.thumbprint())
                        .map(a -> existing(a, urls))
                        .orElseThrow(() -> AcmeProblem.unauthorized(
                                "external account binding key has already been used"));
                case NOT_FOUND -> throw AcmeProblem.unauthorized("unknown external account binding key");
                case UNAVAILABLE -> throw e;
            };
        }
        return Reply.created(urls.account(account.id())).json(AccountJson.of(account, urls));
    }

    private static Reply existing(AcmeAccount account, AcmeUrls urls) {
        if (account.status() != AcmeStatus.Account.VALID) {
            throw AcmeProblem.unauthorized("the account of this key is deactivated");
        }
        return Reply.ok().location(urls.account(account.id())).json(AccountJson.of(account, urls));
    }

    /** Verifies the binding, if any; returns the EAB key id to bind. */
    private Optional<String> externalAccountBinding(ObjectNode payload, DirectorySettings directory, String url,
                                                    AccountKey key) {
        JsonNode node = payload.get("externalAccountBinding");
        if (node == null || node.isNull()) {
            if (directory.eabRequired()) {
                throw new AcmeProblem(ProblemType.EXTERNAL_ACCOUNT_REQUIRED,
                        "this directory requires an external account binding (RFC 8555 §7.3.4)");
            }
            return Optional.empty();
        }
        ExternalAccountBinding binding = ExternalAccountBinding.parse(node);
        Optional<EabKey> stored = binding.keyId().length() > MAX_EAB_KEY_ID ? Optional.empty()
                : store.eabKey(binding.keyId()).filter(k -> k.directory().equals(directory.name()));
        EabKey eabKey = stored.orElseThrow(() -> AcmeProblem.unauthorized("unknown external account binding key"));
        binding.verify(eabKey.hmacKey(), url, key);
        if (eabKey.boundAccountId().isPresent()) {
            throw AcmeProblem.unauthorized("external account binding key has already been used");
        }
        return Optional.of(eabKey.keyId());
    }
}

package dev.sigil.acme.account;

import dev.sigil.storage.audit.AuditEvent;

import java.time.Instant;

/** Audit events of account changes: the actor is the account itself, as {@code acme:{directory}/{id}}. */
final class AccountAudit {

    private AccountAudit() {
    }

    static AuditEvent event(Instant at, String directory, String accountId, String action, String details) {
        String who = "acme:" + directory + "/" + accountId;
        return AuditEvent.success(at, who, action, who, details);
    }
}

package dev.sigil.storage.contract;

class H2AuditTest extends AuditContract {
    H2AuditTest() {
        super(Backend.H2);
    }
}

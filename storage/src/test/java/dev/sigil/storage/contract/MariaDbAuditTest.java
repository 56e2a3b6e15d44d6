package dev.sigil.storage.contract;

class MariaDbAuditTest extends AuditContract {
    MariaDbAuditTest() {
        super(Backend.MARIADB);
    }
}

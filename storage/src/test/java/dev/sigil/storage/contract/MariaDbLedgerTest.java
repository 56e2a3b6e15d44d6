package dev.sigil.storage.contract;

class MariaDbLedgerTest extends LedgerContract {
    MariaDbLedgerTest() {
        super(Backend.MARIADB);
    }
}

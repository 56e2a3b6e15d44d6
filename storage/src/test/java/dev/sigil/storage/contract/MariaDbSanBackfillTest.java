package dev.sigil.storage.contract;

class MariaDbSanBackfillTest extends SanBackfillContract {
    MariaDbSanBackfillTest() {
        super(Backend.MARIADB);
    }
}

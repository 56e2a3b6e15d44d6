package dev.sigil.storage.contract;

class MariaDbAcmeAccountAdminTest extends AcmeAccountAdminContract {
    MariaDbAcmeAccountAdminTest() {
        super(Backend.MARIADB);
    }
}

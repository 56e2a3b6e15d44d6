package dev.sigil.storage.contract;

class MariaDbAcmeRenewalTest extends AcmeRenewalContract {
    MariaDbAcmeRenewalTest() {
        super(Backend.MARIADB);
    }
}

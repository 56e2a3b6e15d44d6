package dev.sigil.storage.contract;

class MariaDbCertificateSearchTest extends CertificateSearchContract {
    MariaDbCertificateSearchTest() {
        super(Backend.MARIADB);
    }
}

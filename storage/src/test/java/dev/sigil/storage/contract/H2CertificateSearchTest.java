package dev.sigil.storage.contract;

class H2CertificateSearchTest extends CertificateSearchContract {
    H2CertificateSearchTest() {
        super(Backend.H2);
    }
}

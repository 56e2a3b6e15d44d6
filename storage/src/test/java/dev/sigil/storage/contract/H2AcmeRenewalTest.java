package dev.sigil.storage.contract;

class H2AcmeRenewalTest extends AcmeRenewalContract {
    H2AcmeRenewalTest() {
        super(Backend.H2);
    }
}

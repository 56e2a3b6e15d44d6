package dev.sigil.storage.contract;

class H2AcmeOrderTest extends AcmeOrderContract {
    H2AcmeOrderTest() {
        super(Backend.H2);
    }
}

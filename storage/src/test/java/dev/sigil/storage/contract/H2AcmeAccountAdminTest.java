package dev.sigil.storage.contract;

class H2AcmeAccountAdminTest extends AcmeAccountAdminContract {
    H2AcmeAccountAdminTest() {
        super(Backend.H2);
    }
}

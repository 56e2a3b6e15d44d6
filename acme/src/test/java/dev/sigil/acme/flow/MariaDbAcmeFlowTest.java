package dev.sigil.acme.flow;

import dev.sigil.acme.testing.AcmeHarness;

class MariaDbAcmeFlowTest extends AcmeFlowContract {

    @Override
    protected AcmeHarness harness() throws Exception {
        return AcmeHarness.mariaDb();
    }
}

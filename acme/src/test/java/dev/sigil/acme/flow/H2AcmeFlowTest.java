package dev.sigil.acme.flow;

import dev.sigil.acme.testing.AcmeHarness;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class H2AcmeFlowTest extends AcmeFlowContract {

    @TempDir
    Path dir;

    @Override
    protected AcmeHarness harness() throws Exception {
        return AcmeHarness.h2(dir);
    }
}

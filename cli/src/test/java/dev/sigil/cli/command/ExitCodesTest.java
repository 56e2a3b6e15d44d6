package dev.sigil.cli.command;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ExitCodesTest {

    @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
    @CsvSource({
        "400, policy, 4",
        "400, bad-csr, 4",
        "400, malformed, 2",
        "400, '', 2",
        "401, unauthorized, 4",
        "403, forbidden, 4",
        "404, not-found, 3",
        "409, conflict, 1",
        "413, payload-too-large, 1",
        "415, unsupported-media-type, 1",
        "500, internal, 1",
        "502, '', 1",
        "503, unavailable, 1"})
    void mapsApiErrorsToExitCodes(int status, String kind, int expected) {
        assertThat(ExitCodes.forApiError(status, kind)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0, success", "1, failure", "2, usage error", "3, not found", "4, refused"})
    void theHelpListDescribesEveryCode(String code, String meaning) {
        assertThat(ExitCodes.HELP_LIST.get(code)).startsWith(meaning);
    }
}

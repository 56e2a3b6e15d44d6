package dev.sigil.acme.validation;

import dev.sigil.acme.problem.ProblemType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static dev.sigil.acme.validation.Validations.KEY_AUTHORIZATION;
import static dev.sigil.acme.validation.Validations.assertFailed;
import static dev.sigil.acme.validation.Validations.assertValid;
import static dev.sigil.acme.validation.Validations.dns;
import static dev.sigil.acme.validation.Validations.ip;
import static dev.sigil.acme.validation.Validations.validate;
import static org.assertj.core.api.Assertions.assertThat;

/** dns-01 against an in-test DNS server. */
@Timeout(60)
class Dns01ValidatorTest {

    private static final String RECORD = "_acme-challenge.example.test";
    private static final String EXPECTED = Dns01Validator.expectedValue(KEY_AUTHORIZATION);

    private TestDns dns;
    private ValidationSettings settings;

    @BeforeEach
    void start() throws Exception {
        dns = TestDns.start();
        settings = ValidationSettings.defaults().withDnsResolver(dns.address()).withTimeout(Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() throws Exception {
        dns.close();
    }

    @Test
    void expectedValueIsBase64UrlOfSha256() {
        // SHA-256("abc") is FIPS 180-2's ba7816bf...15ad; base64url without padding, computed independently
        assertThat(Dns01Validator.expectedValue("abc")).isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
    }

    @Test
    void acceptsTheExpectedTxtRecord() throws Exception {
        dns.txt(RECORD, EXPECTED);
        assertValid(validate(settings, "dns-01", dns("example.test")));
        assertThat(dns.questions()).containsExactly(RECORD + "./TXT");
    }

    @Test
    void anyOfSeveralRecordsMayMatch() throws Exception {
        dns.txt(RECORD, "stale-value-from-last-month", EXPECTED);
        assertValid(validate(settings, "dns-01", dns("example.test")));
    }

    @Test
    void followsACname() throws Exception {
        dns.cname(RECORD, "example.test.acme-delegation.test").txt("example.test.acme-delegation.test", EXPECTED);
        assertValid(validate(settings, "dns-01", dns("example.test")));
    }

    @Test
    void wildcardIsValidatedAtTheBaseName() throws Exception {
        dns.txt(RECORD, EXPECTED);
        assertValid(validate(settings, "dns-01", dns("*.example.test")));
    }

    @Test
    void wrongRecordsAreAnIncorrectResponseQuotingThem() throws Exception {
        dns.txt(RECORD, "one", "two", "three", "four");
        String detail = assertFailed(validate(settings, "dns-01", dns("example.test")), ProblemType.INCORRECT_RESPONSE);
        assertThat(detail).startsWith("dns-01: no TXT record at " + RECORD)
                .contains("\"" + EXPECTED + "\"", "\"one\"", "\"three\"", "and 1 more").doesNotContain("\"four\"");
    }

    @Test
    void nxdomainIsADnsProblem() throws Exception {
        String detail = assertFailed(validate(settings, "dns-01", dns("example.test")), ProblemType.DNS);
        assertThat(detail).isEqualTo("dns-01: DNS problem: NXDOMAIN looking up TXT for " + RECORD
                + " - check that a DNS record exists for this domain");
    }

    @Test
    void nameWithoutTxtIsADnsProblem() throws Exception {
        dns.address(RECORD, "127.0.0.1");
        String detail = assertFailed(validate(settings, "dns-01", dns("example.test")), ProblemType.DNS);
        assertThat(detail).isEqualTo("dns-01: DNS problem: no TXT record found at " + RECORD);
    }

    @Test
    void silentServerIsADnsTimeoutWithinTheLimit() throws Exception {
        dns.silent(RECORD);
        long start = System.nanoTime();
        ValidationResult result = validate(settings.withTimeout(Duration.ofSeconds(1)), "dns-01", dns("example.test"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(assertFailed(result, ProblemType.DNS)).contains("timed out looking up TXT for " + RECORD);
        assertThat(took).isLessThan(Duration.ofMillis(3500));
    }

    @Test
    void ipIdentifierCannotUseDns01() throws Exception {
        assertFailed(validate(settings, "dns-01", ip("127.0.0.1")), ProblemType.MALFORMED);
        assertThat(dns.questions()).isEmpty();
    }
}

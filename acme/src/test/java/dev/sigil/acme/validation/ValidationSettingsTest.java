package dev.sigil.acme.validation;

import dev.sigil.acme.problem.AcmeProblem;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidationSettingsTest {

    @Test
    void defaultsFollowTheRfcs() {
        ValidationSettings d = ValidationSettings.defaults();
        assertThat(d.dnsResolver()).isEmpty();
        assertThat(d.httpPort()).isEqualTo(80);
        assertThat(d.tlsAlpnPort()).isEqualTo(443);
        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.maxConcurrent()).isEqualTo(16);
    }

    @Test
    void withersChangeOneThing() {
        InetSocketAddress resolver = new InetSocketAddress("127.0.0.1", 8053);
        ValidationSettings s = ValidationSettings.defaults().withDnsResolver(resolver).withPorts(5002, 5001)
                .withTimeout(Duration.ofSeconds(3)).withMaxConcurrent(2);
        assertThat(s).isEqualTo(new ValidationSettings(Optional.of(resolver), 5002, 5001, Duration.ofSeconds(3), 2));
    }

    @Test
    void refusesNonsense() {
        ValidationSettings d = ValidationSettings.defaults();
        assertThatThrownBy(() -> d.withPorts(0, 443)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withPorts(80, 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxConcurrent(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withDnsResolver(new InetSocketAddress("127.0.0.1", 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resultHasAProblemIffFailed() {
        assertThat(ValidationResult.ok().valid()).isTrue();
        assertThat(ValidationResult.failed(AcmeProblem.malformed("x")).problem()).isPresent();
        assertThatThrownBy(() -> new ValidationResult(true, Optional.of(AcmeProblem.malformed("x"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ValidationResult(false, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.sigil.service.auth;

import dev.sigil.service.error.SigilException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The role hierarchy, and the workload role that stands outside it. */
class RoleTest {

    @Test
    void hierarchyIncludesTheRolesBelow() {
        assertThat(Role.ADMIN.includes(Role.OPERATOR)).isTrue();
        assertThat(Role.ADMIN.includes(Role.AUDITOR)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.AUDITOR)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.ADMIN)).isFalse();
        assertThat(Role.AUDITOR.includes(Role.OPERATOR)).isFalse();
    }

    @Test
    void workloadReachesNothingAndNothingReachesWorkload() {
        for (Role r : new Role[] {Role.AUDITOR, Role.OPERATOR, Role.ADMIN}) {
            assertThat(Role.WORKLOAD.includes(r)).as("workload includes " + r).isFalse();
            assertThat(r.includes(Role.WORKLOAD)).as(r + " includes workload").isFalse();
        }
        assertThat(Role.WORKLOAD.includes(Role.WORKLOAD)).isTrue();
    }

    @Test
    void parsesWorkloadAndNamesItWhenRefusing() {
        assertThat(Role.parse(" Workload ")).isEqualTo(Role.WORKLOAD);
        assertThatThrownBy(() -> Role.parse("root")).isInstanceOf(SigilException.class).hasMessageContaining("workload");
    }

    @Test
    void onlyWorkloadPrincipalsCarryAScope() {
        Principal w = new Principal("tok_1", "web", Role.WORKLOAD, Optional.of("web"));
        assertThat(w.scopedTo("web")).isTrue();
        assertThat(w.scopedTo("api")).isFalse();
        assertThat(new Principal("tok_2", "ops", Role.ADMIN).scopedTo("web")).isFalse();
        assertThatThrownBy(() -> new Principal("tok_3", "w", Role.WORKLOAD, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Principal("tok_4", "o", Role.OPERATOR, Optional.of("web")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

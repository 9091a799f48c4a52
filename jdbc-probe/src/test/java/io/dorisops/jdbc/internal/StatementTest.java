package io.dorisops.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatementTest {

    @Test
    void setConfigQuotesKeyAndValue() {
        Statement set = Statement.setConfig("disable_balance", "true");
        assertThat(set.text()).isEqualTo("ADMIN SET FRONTEND CONFIG (\"disable_balance\" = \"true\")");
        assertThat(set.shown()).isEqualTo(set.text());
        assertThat(set.redacted()).isFalse();
    }

    @Test
    void setConfigMasksSecretLookingValuesInWhatItShows() {
        Statement set = Statement.setConfig("ldap_admin_password", "hunter2");
        assertThat(set.text()).contains("hunter2");
        assertThat(set.shown()).isEqualTo("ADMIN SET FRONTEND CONFIG (\"ldap_admin_password\" = \"***\")");
        assertThat(set.toString()).doesNotContain("hunter2");
        assertThat(set.redact("errCode = 2, detailMessage = bad value hunter2"))
                .isEqualTo("errCode = 2, detailMessage = bad value ***");
    }

    @Test
    void refusesConfigKeysThatAreNotNames() {
        assertThatThrownBy(() -> Statement.showConfig("disable_balance\" OR 1=1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("frontend config key \"disable_balance\\\" OR 1=1\"".replace("\\\"", "\""))
                .hasMessageContaining("nothing was sent");
    }

    @Test
    void refusesConfigValuesThatCouldLeaveTheQuotes() {
        assertThatThrownBy(() -> Statement.setConfig("max_scheduling_tablets", "1\"); DROP"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max_scheduling_tablets")
                .hasMessageContaining("nothing was sent");
    }
}

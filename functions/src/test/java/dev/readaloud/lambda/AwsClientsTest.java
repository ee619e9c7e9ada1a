package dev.readaloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readaloud.render.ConfigurationException;
import org.junit.jupiter.api.Test;

class AwsClientsTest {

    @Test
    void apiKeyFrom_acceptsThePlainKeyOrAJsonObjectWithApiKey() {
        assertThat(AwsClients.apiKeyFrom("rp_abc123")).isEqualTo("rp_abc123");
        assertThat(AwsClients.apiKeyFrom("{\"apiKey\":\"rp_abc123\"}")).isEqualTo("rp_abc123");
    }

    @Test
    void apiKeyFrom_jsonWithoutApiKey_failsWithoutEchoingTheSecret() {
        assertThatThrownBy(() -> AwsClients.apiKeyFrom("{\"key\":\"rp_secret_value\"}"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("\"apiKey\"")
                .hasMessageNotContaining("rp_secret_value");
    }
}

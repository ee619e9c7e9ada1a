package dev.readaloud.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prices from the environment template.yaml sets, with the list prices as defaults. */
class PricesTest {

    @Test
    void fromEnvironment_withoutPriceVariables_givesTheListPrices() {
        Prices prices = Prices.fromEnvironment(Map.of());

        assertThat(prices).isEqualTo(Prices.DEFAULTS);
        assertThat(prices.runpodPerSecond()).isEqualByComparingTo("0.00019");
        assertThat(prices.lambdaPerGbSecond()).isEqualByComparingTo("0.0000133334");
        assertThat(prices.lambdaPerMillionRequests()).isEqualByComparingTo("0.20");
        assertThat(prices.stateTransitionsPerThousand()).isEqualByComparingTo("0.025");
        assertThat(prices.s3WritesPerThousand()).isEqualByComparingTo("0.005");
        assertThat(prices.s3ReadsPerThousand()).isEqualByComparingTo("0.0004");
    }

    @Test
    void fromEnvironment_readsEachVariable() {
        Prices prices = Prices.fromEnvironment(Map.of(
                "PRICE_RUNPOD_PER_SECOND", "0.00031",
                "PRICE_LAMBDA_PER_GB_SECOND", " 0.0000166667 ",
                "PRICE_LAMBDA_PER_MILLION_REQUESTS", "0",
                "PRICE_STATE_TRANSITIONS_PER_THOUSAND", "0.0279",
                "PRICE_S3_WRITES_PER_THOUSAND", ".0054",
                "PRICE_S3_READS_PER_THOUSAND", "1",
                "PRICE_UNRELATED", "x"));

        assertThat(prices).isEqualTo(new Prices(new BigDecimal("0.00031"), new BigDecimal("0.0000166667"),
                BigDecimal.ZERO, new BigDecimal("0.0279"), new BigDecimal("0.0054"), BigDecimal.ONE));
    }

    @Test
    void fromEnvironment_failsFast_namingTheVariableWhoseValueIsNotANonNegativeDecimal() {
        for (String bad : new String[] {"-0.1", "abc", "1e-5", "NaN", "0.1.2", "$0.2", "1,5"}) {
            assertThatThrownBy(() -> Prices.fromEnvironment(Map.of("PRICE_S3_READS_PER_THOUSAND", bad)))
                    .as(bad)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("environment variable PRICE_S3_READS_PER_THOUSAND must be a decimal of 0 or more "
                            + "such as 0.00019, got '" + bad + "'");
        }
    }

    @Test
    void renderConfig_carriesThePricesOfItsEnvironment() {
        RenderConfig config = RenderConfig.fromEnvironment(Map.of("RENDER_BUCKET", "b",
                "PRICE_RUNPOD_PER_SECOND", "0.00076"));

        assertThat(config.prices().runpodPerSecond()).isEqualByComparingTo("0.00076");
        assertThat(config.prices().s3WritesPerThousand()).isEqualByComparingTo("0.005");
        assertThatThrownBy(() -> RenderConfig.fromEnvironment(Map.of("RENDER_BUCKET", "b",
                "PRICE_LAMBDA_PER_GB_SECOND", "cheap")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("PRICE_LAMBDA_PER_GB_SECOND");
    }
}

package dev.readaloud.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** CostReport against figures worked out by hand at the default (list) prices. */
class CostReportTest {

    @Test
    void of_pricesEachServiceAtItsListPrice() {
        // 100 RunPod seconds in 40 jobs; 40 invocations of 1000 ms at 512 MB = 20 GB-s; 1000 transitions;
        // 2000 S3 writes and 5000 reads.
        Spend spend = new Spend(40, 40_000, 40_000L * 512, 40, 100, 95_000, 1_000, 2_000, 5_000);

        CostReport report = CostReport.of(spend, Prices.DEFAULTS);

        assertThat(report.runpodSeconds()).isEqualTo(100);
        assertThat(report.runpodJobs()).isEqualTo(40);
        assertThat(report.lambdaGbSeconds()).isEqualTo(20.0);
        assertThat(report.lambdaInvocations()).isEqualTo(40);
        assertThat(report.stateTransitions()).isEqualTo(1_000);
        assertThat(report.s3WriteRequests()).isEqualTo(2_000);
        assertThat(report.s3ReadRequests()).isEqualTo(5_000);
        assertThat(report.s3Requests()).isEqualTo(7_000);
        // 100 s x 0.00019 = 0.019
        assertThat(report.usd().runpod()).isEqualByComparingTo("0.019");
        // 20 GB-s x 0.0000133334 = 0.000266668, + 40 x 0.20 / 1e6 = 0.000008 -> 0.000274668 -> 0.000275
        assertThat(report.usd().lambda()).isEqualByComparingTo("0.000275");
        // 1000 x 0.025 / 1000 = 0.025
        assertThat(report.usd().stepFunctions()).isEqualByComparingTo("0.025");
        // 2000 x 0.005 / 1000 + 5000 x 0.0004 / 1000 = 0.01 + 0.002
        assertThat(report.usd().s3()).isEqualByComparingTo("0.012");
        assertThat(report.usd().total()).isEqualByComparingTo("0.056275");
        assertThat(report.prices()).isEqualTo(Prices.DEFAULTS);
        assertThat(report.basis()).contains("RunPod").contains("Lambda").contains("not included");
    }

    @Test
    void of_usesThePricesGiven_andRoundsToMillionthsOfADollar() {
        Prices prices = new Prices(new BigDecimal("0.001"), new BigDecimal("0.0000166667"), new BigDecimal("0.20"),
                new BigDecimal("0.025"), new BigDecimal("0.005"), new BigDecimal("0.0004"));
        // 3 s; 1 invocation of 1 ms at 128 MB: 128 x 0.0000166667 / 1024000 = 0.0000000020833 -> with the request's
        // 0.0000002 = 0.0000002020833 -> 0.0; 3 reads: 0.0000012 -> 0.000001
        Spend spend = new Spend(1, 1, 128, 1, 3, 2_500, 0, 0, 3);

        CostReport report = CostReport.of(spend, prices);

        assertThat(report.usd().runpod()).isEqualByComparingTo("0.003");
        assertThat(report.usd().lambda()).isEqualByComparingTo("0");
        assertThat(report.usd().s3()).isEqualByComparingTo("0.000001");
        assertThat(report.usd().total()).isEqualByComparingTo("0.003001");
        assertThat(report.usd().total().toString()).isEqualTo("0.003001");
        assertThat(report.usd().lambda().toString()).isEqualTo("0");
    }

    @Test
    void usdAmounts_appearInJsonAsPlainDecimals() throws Exception {
        Spend spend = new Spend(0, 0, 0, 1, 1_000_000, 0, 0, 0, 0);

        String json = RenderJson.MAPPER.writeValueAsString(CostReport.of(spend, Prices.DEFAULTS));

        // 1,000,000 s x 0.00019 = 190, not 1.9E+2
        assertThat(json).contains("\"runpod\":190,").contains("\"runpodPerSecond\":0.00019");
        assertThat(RenderJson.MAPPER.readValue(json, CostReport.class)).isEqualTo(CostReport.of(spend, Prices.DEFAULTS));
    }
}

package dev.readaloud.local.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpecParsingTest {

    @Test
    void latency_parsesDurationsAndBothJitterForms() {
        LatencyModel model = LatencyModel.parse("base=200ms,per-char=2ms,jitter=0.1,cold-start=1.5s");

        assertThat(model.base()).isEqualTo(Duration.ofMillis(200));
        assertThat(model.perChar()).isEqualTo(Duration.ofMillis(2));
        assertThat(model.coldStart()).isEqualTo(Duration.ofMillis(1500));
        assertThat(model.duration(100, 0.5)).isEqualTo(Duration.ofMillis(400));
        assertThat(model.duration(100, 0.0)).isEqualTo(Duration.ofMillis(360));
        LatencyModel fixed = LatencyModel.parse("base=1s,jitter=50ms");
        assertThat(fixed.duration(0, 0.0)).isEqualTo(Duration.ofMillis(950));
        assertThat(LatencyModel.parse("")).isEqualTo(LatencyModel.NONE);
    }

    @Test
    void latency_rejectsBadSpecsByName() {
        assertThatThrownBy(() -> LatencyModel.parse("base=200")).hasMessageContaining("base=200")
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> LatencyModel.parse("speed=2ms")).hasMessageContaining("unknown key 'speed'");
        assertThatThrownBy(() -> LatencyModel.parse("base")).hasMessageContaining("not key=value");
        assertThatThrownBy(() -> LatencyModel.parse("jitter=1.5")).hasMessageContaining("jitter=1.5");
        assertThatThrownBy(() -> LatencyModel.parse("base=1s,base=2s")).hasMessageContaining("given twice");
    }

    @Test
    void faults_parseProbabilitiesAndAssignOneFatePerJob() {
        FaultPlan plan = FaultPlan.parse("rate-limit=0.3,job-failure=0.2,stall=0.1,bad-audio=0,oversize=0.1,retry-after=2s");

        assertThat(plan.rateLimit()).isEqualTo(0.3);
        assertThat(plan.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(plan.jobFault(0.05)).isEqualTo(FaultPlan.JobFault.FAILURE);
        assertThat(plan.jobFault(0.25)).isEqualTo(FaultPlan.JobFault.STALL);
        assertThat(plan.jobFault(0.35)).isEqualTo(FaultPlan.JobFault.OVERSIZE);
        assertThat(plan.jobFault(0.45)).isEqualTo(FaultPlan.JobFault.NONE);
        assertThat(FaultPlan.parse(" ")).isEqualTo(FaultPlan.NONE);
    }

    @Test
    void faults_webhookLossIsDrawnApartFromTheJobsFate() {
        FaultPlan plan = FaultPlan.parse("job-failure=1,webhook-loss=0.25");

        assertThat(plan.webhookLoss()).isEqualTo(0.25);
        assertThat(plan.webhookLost(0.2)).isTrue();
        assertThat(plan.webhookLost(0.3)).isFalse();
        assertThat(plan.jobFault(0.99)).isEqualTo(FaultPlan.JobFault.FAILURE);
        assertThat(FaultPlan.NONE.webhookLost(0.0)).isFalse();
        assertThatThrownBy(() -> FaultPlan.parse("webhook-loss=1.5")).hasMessageContaining("webhook-loss=1.5")
                .hasMessageContaining("probability");
    }

    @Test
    void faults_rejectBadSpecsByName() {
        assertThatThrownBy(() -> FaultPlan.parse("stall=2")).hasMessageContaining("stall=2")
                .hasMessageContaining("probability");
        assertThatThrownBy(() -> FaultPlan.parse("stall=abc")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> FaultPlan.parse("crash=0.1")).hasMessageContaining("unknown key 'crash'");
        assertThatThrownBy(() -> FaultPlan.parse("job-failure=0.6,stall=0.6")).hasMessageContaining("at most 1");
    }

    @Test
    void uniformDraws_areRepeatableForASeed() {
        assertThat(LocalWorker.uniform(42, 1, 7)).isEqualTo(LocalWorker.uniform(42, 1, 7))
                .isNotEqualTo(LocalWorker.uniform(43, 1, 7)).isBetween(0.0, 1.0);
    }
}

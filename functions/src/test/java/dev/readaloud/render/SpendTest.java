package dev.readaloud.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Spend's arithmetic, RunPod's per-second rounding, and its encoding as one S3 metadata value. */
class SpendTest {

    private static final Spend SOME = new Spend(2, 1_234, 1_234L * 512, 3, 7, 6_100, 2, 11, 13);

    @Test
    void plus_addsEveryComponent() {
        Spend other = new Spend(1, 10, 10L * 1769, 1, 1, 999, 1, 4, 5);

        Spend sum = SOME.plus(other);

        assertThat(sum).isEqualTo(new Spend(3, 1_244, 1_234L * 512 + 10L * 1769, 4, 8, 7_099, 3, 15, 18));
        assertThat(SOME.plus(Spend.ZERO)).isEqualTo(SOME);
        assertThat(Spend.ZERO.plus(SOME)).isEqualTo(SOME);
    }

    @Test
    void plusRunPodJob_billsEachJobInWholeSecondsRoundedUp() {
        Spend jobs = Spend.ZERO.plusRunPodJob(2_300).plusRunPodJob(1_000).plusRunPodJob(0).plusRunPodJob(1);

        assertThat(jobs.runpodJobs()).isEqualTo(4);
        // 2.3 s -> 3, 1.0 s -> 1, 0 -> 0, 1 ms -> 1
        assertThat(jobs.runpodBilledSeconds()).isEqualTo(3 + 1 + 0 + 1);
        assertThat(jobs.runpodExecutionMillis()).isEqualTo(3_301);
        assertThat(jobs.invocations()).isZero();
        assertThatThrownBy(() -> Spend.ZERO.plusRunPodJob(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("executionMillis");
    }

    @Test
    void lambdaGbSeconds_isMegabyteMillisOver1024Over1000() {
        Spend spend = new Spend(1, 2_000, 2_000L * 1024, 0, 0, 0, 1, 0, 0);

        assertThat(spend.lambdaGbSeconds()).isEqualTo(2.0);
    }

    @Test
    void unseenByFunctions_isTheMapAndSucceedStates_aChoicePerChunk_andTheItemReadersGet() {
        Spend unseen = Spend.unseenByFunctions(5);

        assertThat(unseen.stateTransitions()).isEqualTo(7);
        assertThat(unseen.s3ReadRequests()).isEqualTo(1);
        assertThat(unseen.invocations()).isZero();
        assertThat(unseen.s3WriteRequests()).isZero();
        assertThatThrownBy(() -> Spend.unseenByFunctions(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeCounts_areRefused_namingTheComponent() {
        assertThatThrownBy(() -> new Spend(0, 0, 0, 0, 0, 0, 0, -1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s3WriteRequests");
    }

    @Test
    void encode_isCompactUsAsciiJson_andParsesBackToTheSameSpend() {
        String encoded = SOME.encode();

        assertThat(encoded).startsWith("{\"invocations\":2,\"lambdaMillis\":1234,").doesNotContain(" ");
        assertThat(StandardCharsets.US_ASCII.newEncoder().canEncode(encoded)).isTrue();
        assertThat(encoded.length()).isLessThan(400);
        assertThat(Spend.parse(encoded)).isEqualTo(SOME);
        assertThat(Spend.parse(Spend.ZERO.encode())).isEqualTo(Spend.ZERO);
        Spend large = new Spend(Long.MAX_VALUE, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(Spend.parse(large.encode())).isEqualTo(large);
        // Any order of the fields reads the same.
        assertThat(Spend.parse("{\"s3ReadRequests\":13,\"s3WriteRequests\":11,\"stateTransitions\":2,"
                + "\"runpodExecutionMillis\":6100,\"runpodBilledSeconds\":7,\"runpodJobs\":3,\"lambdaMbMillis\":631808,"
                + "\"lambdaMillis\":1234,\"invocations\":2}")).isEqualTo(SOME);
    }

    @Test
    void parse_namesWhatIsWrong() {
        String valid = SOME.encode();
        assertParseFails(null, "spend is empty");
        assertParseFails(" ", "spend is empty");
        assertParseFails("{\"invocations\":", "spend is not JSON");
        assertParseFails("[1,2]", "spend must be a JSON object, got array");
        assertParseFails(valid.replace("\"runpodJobs\":3,", ""), "spend has no runpodJobs");
        assertParseFails(valid.replace("{", "{\"dollars\":1,"), "unknown field(s) [dollars]");
        assertParseFails(valid.replace("\"runpodJobs\":3", "\"runpodJobs\":-3"),
                "spend runpodJobs must be an integer of 0 or more, got -3");
        assertParseFails(valid.replace("\"runpodJobs\":3", "\"runpodJobs\":3.5"), "runpodJobs must be an integer");
        assertParseFails(valid.replace("\"runpodJobs\":3", "\"runpodJobs\":\"3\""), "runpodJobs must be an integer");
        assertParseFails(valid.replace("\"runpodJobs\":3", "\"runpodJobs\":99999999999999999999"),
                "runpodJobs must be an integer");
        assertParseFails(valid.replace("{", "{\"invocations\":1,"), "invocations");
        assertParseFails(valid + "{}", "spend is not JSON");
    }

    private static void assertParseFails(String encoded, String message) {
        assertThatThrownBy(() -> Spend.parse(encoded)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}

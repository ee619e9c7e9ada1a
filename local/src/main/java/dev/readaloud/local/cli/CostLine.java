package dev.readaloud.local.cli;

import dev.readaloud.render.CostReport;
import java.math.BigDecimal;
import java.util.Locale;

/** The cost line of the {@code render} summary. */
final class CostLine {

    /** Below a cent, four decimals would show $0.0000: six show what there is. */
    private static final BigDecimal CENT = new BigDecimal("0.01");

    private CostLine() {
    }

    /**
     * One line: "$0.0123 — RunPod 12 s, Lambda 3.4 GB-s in 40 invocations, 57 state transitions, 120 S3
     * requests"; "not counted" for a result written before the cost was.
     */
    static String of(CostReport cost) {
        if (cost == null) {
            return "not counted";
        }
        BigDecimal total = cost.usd().total();
        String dollars = String.format(Locale.ROOT, total.compareTo(CENT) < 0 ? "$%.6f" : "$%.4f", total);
        return String.format(Locale.ROOT, "%s — RunPod %d s, Lambda %.1f GB-s in %d invocation%s, %d state "
                        + "transition%s, %d S3 request%s", dollars, cost.runpodSeconds(), cost.lambdaGbSeconds(),
                cost.lambdaInvocations(), plural(cost.lambdaInvocations()), cost.stateTransitions(),
                plural(cost.stateTransitions()), cost.s3Requests(), plural(cost.s3Requests()));
    }

    private static String plural(long count) {
        return count == 1 ? "" : "s";
    }
}

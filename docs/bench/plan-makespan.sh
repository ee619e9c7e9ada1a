#!/usr/bin/env bash
# The makespan each chunk plan allows (PlanMakespanComparison: no render, the makespan benchmark's latency
# model, chunks in index order on the first free slot, against max(ΣTᵢ/C, max Tᵢ)), for this tree's planner
# and for the planner of BASELINE_COMMIT (its functions/ built aside), in the same run.
#
#   docs/bench/plan-makespan.sh BASELINE_COMMIT
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
baseline="${1:?usage: docs/bench/plan-makespan.sh BASELINE_COMMIT}"
source "$here/.ci/java-env"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$here" && mvn -B -q -pl local -am test-compile -DskipTests=true >"$work/build.log" 2>&1) || { tail -30 "$work/build.log" >&2; exit 1; }
git -C "$here" archive "$baseline" functions | tar -x -C "$work"
mvn -B -q -f "$work/functions/pom.xml" compile >"$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; exit 1; }
main=dev.readaloud.local.runtime.bench.PlanMakespanComparison
echo "## this tree ($(git -C "$here" log --oneline -1 | cut -c1-60))"
java -cp "$here/local/target/test-classes:$here/functions/target/classes" "$main"
echo
echo "## $baseline"
java -cp "$here/local/target/test-classes:$work/functions/target/classes" "$main"

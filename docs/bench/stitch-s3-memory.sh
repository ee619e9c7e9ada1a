#!/usr/bin/env bash
# Stitch function memory: the Stitch handler on a long render through the embedded S3, with a bounded
# heap: peak RSS, wall time and /tmp at its fullest of the function's JVM alone (the S3 server runs in
# another process); optionally against the handler of an earlier commit (the file-based stitch through
# /tmp) in the same run, interleaved.
#
#   docs/bench/stitch-s3-memory.sh [CHUNKS...] [-- XMX [BASELINE_COMMIT]]
#   e.g. docs/bench/stitch-s3-memory.sh 120 420 -- 256m c17e1a3
#
# Chunks are 30 s each, 24 kHz mono 16-bit (120 = one hour, 165 MiB). Every size runs 3 rounds,
# new and baseline interleaved. Needs GNU time (apt-get install -y time). Prints a Markdown table.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sizes=()
while [[ $# -gt 0 && "$1" != "--" ]]; do sizes+=("$1"); shift; done
[[ $# -gt 0 ]] && shift
xmx="${1:-256m}"
baseline="${2:-}"
[[ ${#sizes[@]} -gt 0 ]] || sizes=(120)
rounds=3
[[ -x /usr/bin/time ]] || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }
source "$here/.ci/java-env"

work="$(mktemp -d)"
server=""
cleanup() {
  [[ -n "$server" ]] && { exec 3>&- || true; wait "$server" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

echo "building the probe ..." >&2
(cd "$here" && mvn -B -q -o -pl local -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >"$work/build.log" 2>&1) \
  || { tail -30 "$work/build.log" >&2; exit 1; }
deps="$(cat "$here/local/target/bench.classpath")"
cp_new="$here/local/target/test-classes:$here/local/target/classes:$deps"
[[ "$deps" == *"$here/functions/target/classes"* ]] || { echo "functions classes not on the class path" >&2; exit 1; }

cp_old=""
if [[ -n "$baseline" ]]; then
  echo "building the functions of $baseline ..." >&2
  mkdir -p "$work/old"
  git -C "$here" archive "$baseline" functions | tar -x -C "$work/old"
  mvn -B -q -o -f "$work/old/functions/pom.xml" compile >"$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; exit 1; }
  cp_old="$here/local/target/test-classes:$here/local/target/classes:${deps//$here\/functions\/target\/classes/$work/old/functions/target/classes}"
fi

probe=dev.readaloud.lambda.bench.StitchMemoryProbe
# run NAME CLASSPATH : one stitch in a fresh JVM; appends "ms rssKiB bytes sha256 hashMs tmpKiB" to $work/times.NAME
run() {
  mkdir -p "$work/tmp"
  /usr/bin/time -f "%M" -o "$work/rss" java -Xmx"$xmx" -Djava.io.tmpdir="$work/tmp" -cp "$2" "$probe" \
    stitch "$work/info" >"$work/out" 2>"$work/err" &
  local pid=$! peak=0 used
  # The function's /tmp (java.io.tmpdir) at its fullest, sampled every 0.2 s.
  while kill -0 "$pid" 2>/dev/null; do
    used=$(du -sk "$work/tmp" 2>/dev/null | cut -f1 || echo 0)
    ((used > peak)) && peak=$used
    sleep 0.2
  done
  wait "$pid" || { tail -20 "$work/err" >&2; exit 1; }
  read -r ms bytes sha < <(tail -1 "$work/out")
  hash_ms=$(grep -o '"hashMs":[0-9]*' "$work/out" | cut -d: -f2 || true)
  echo "$ms $(cat "$work/rss") $bytes $sha ${hash_ms:--} $peak" >>"$work/times.$1"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "| chunks (audio) | output | contender | median stitch ms | of which hash read-back ms | peak RSS KiB (max of $rounds) | peak /tmp KiB |"
echo "|---:|---:|---|---:|---:|---:|---:|"
for chunks in "${sizes[@]}"; do
  rm -rf "$work/s3" "$work/info"
  mkfifo "$work/hold.$chunks"
  java -cp "$cp_new" "$probe" serve "$work/s3" "$work/info" "$chunks" <"$work/hold.$chunks" 2>"$work/server.err" &
  server=$!
  exec 3>"$work/hold.$chunks"
  echo "writing $chunks chunks into the embedded S3 ..." >&2
  while [[ ! -s "$work/info" ]]; do
    kill -0 "$server" 2>/dev/null || { tail -20 "$work/server.err" >&2; exit 1; }
    sleep 0.5
  done
  rm -f "$work/times.new" "$work/times.old"
  for ((r = 0; r < rounds; r++)); do
    echo "round $((r + 1)) of $rounds, $chunks chunks ..." >&2
    run new "$cp_new"
    [[ -n "$cp_old" ]] && run old "$cp_old"
  done
  exec 3>&-
  wait "$server" || true
  server=""
  for name in new old; do
    [[ -f "$work/times.$name" ]] || continue
    label="S3 multipart stream (this tree)"
    [[ "$name" == old ]] && label="/tmp file, then PutObject ($baseline)"
    bytes=$(cut -d' ' -f3 "$work/times.$name" | head -1)
    hash_ms="-"
    [[ "$name" == new ]] && hash_ms=$(cut -d' ' -f5 "$work/times.$name" | median)
    echo "| $chunks ($((chunks / 2)) min) | $((bytes / 1048576)) MiB | $label | $(cut -d' ' -f1 "$work/times.$name" | median) |" \
      "$hash_ms | $(cut -d' ' -f2 "$work/times.$name" | sort -n | tail -1) | $(cut -d' ' -f6 "$work/times.$name" | sort -n | tail -1) |"
  done
  if [[ -f "$work/times.old" ]]; then
    same="no"
    [[ "$(cut -d' ' -f4 "$work/times.new" | sort -u)" == "$(cut -d' ' -f4 "$work/times.old" | sort -u)" ]] && same="yes"
    echo "" && echo "($chunks chunks: same sha256 from both: $same)" && echo ""
  fi
done
echo ""
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sm), $(java -version 2>&1 | head -1);" \
  "JAVA heap -Xmx$xmx; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"

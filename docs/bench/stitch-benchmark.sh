#!/usr/bin/env bash
# Stitching benchmark: `readaloud stitch` against `sox` concatenating the same files, in the same run,
# with and without loudness normalization, and the stitcher's peak memory with a 64 MiB heap at two
# output lengths.
#
#   docs/bench/stitch-benchmark.sh [CHUNKS] [RUNS]     (defaults: 120 chunks of 30 s, 5 runs)
#
# Needs sox (apt-get install -y sox) and GNU time (/usr/bin/time). Inputs: CHUNKS files of 30 s,
# 24 kHz mono 16-bit (a tone with 0.3 s of silence at each end, like a TTS chunk; the 12 distinct
# files at 0 to 16 dB under the first, so normalization has work to do), made by sox in a temporary directory
# that is removed at the end. Prints a Markdown summary.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
chunks="${1:-120}"
runs="${2:-5}"
readaloud="$here/readaloud"
command -v sox >/dev/null || { echo "needs sox: apt-get install -y sox" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The launcher's class-data sharing archive is made by the first run after a build; one made by a `render`
# maps tens of MB more into every stitch's RSS. Made afresh here, by a stitch.
rm -f "$here/local/target/readaloud.jsa"
"$readaloud" stitch --help >/dev/null 2>&1 # builds the jars and the CDS archive if needed, outside the timings

echo "generating $chunks chunks of 30 s at 24 kHz mono 16-bit in $work ..." >&2
distinct=12
for ((i = 0; i < distinct && i < chunks; i++)); do
  sox -n -r 24000 -c 1 -b 16 "$work/d$i.wav" synth 29.4 sine $((180 + 37 * i)) vol 0.5 gain -$((i * 3 / 2)) pad 0.3 0.3
done
inputs=()
for ((i = 0; i < chunks; i++)); do
  f="$work/chunk$(printf %04d "$i").wav"
  cp "$work/d$((i % distinct)).wav" "$f"
  inputs+=("$f")
done
cat "${inputs[@]}" >/dev/null # page cache warm for every contender
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# run NAME CMD... : wall seconds and peak RSS (KiB) of one run, appended to $work/NAME.times
run() {
  local name="$1"; shift
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$work/rss" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $(cat "$work/rss")" >>"$work/$name.times"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ms() { cut -d' ' -f1 "$work/$1.times" | median; }
rss() { cut -d' ' -f2 "$work/$1.times" | sort -n | tail -1; }

echo "timing $runs rounds (sox, readaloud exact, readaloud defaults with loudness off and on, JVM start-up) ..." >&2
for ((r = 0; r < runs; r++)); do
  run sox sox "${inputs[@]}" "$work/sox.wav"
  run exact env JAVA_OPTS="${JAVA_OPTS:-}" "$readaloud" stitch -o "$work/exact.wav" --no-trim --pause-ms 0 \
    --crossfade-ms 0 --loudness off "${inputs[@]}"
  run defaults env JAVA_OPTS="${JAVA_OPTS:-}" "$readaloud" stitch -o "$work/defaults.wav" --loudness off "${inputs[@]}"
  run normalized env JAVA_OPTS="${JAVA_OPTS:-}" "$readaloud" stitch -o "$work/normalized.wav" "${inputs[@]}"
  run startup env JAVA_OPTS="${JAVA_OPTS:-}" "$readaloud" stitch --help
done
echo "timing $runs rounds of resampling every chunk to 22.05 kHz (sox rate, readaloud --sample-rate) ..." >&2
for ((r = 0; r < runs; r++)); do
  run sox_rate sox "${inputs[@]}" -r 22050 "$work/sox-rate.wav"
  run resample env JAVA_OPTS="${JAVA_OPTS:-}" "$readaloud" stitch -o "$work/resample.wav" --no-trim --pause-ms 0 \
    --crossfade-ms 0 --loudness off --sample-rate 22050 "${inputs[@]}"
done
same="no"
cmp -s <(tail -c +81 "$work/exact.wav") <(tail -c +45 "$work/sox.wav") && same="yes"

echo "measuring peak memory with JAVA_OPTS=-Xmx64m at two output lengths ..." >&2
half=$((chunks / 2))
run mem_half env JAVA_OPTS=-Xmx64m "$readaloud" stitch -o "$work/half.wav" "${inputs[@]:0:half}"
half_bytes=$(stat -c %s "$work/half.wav")
run mem_full env JAVA_OPTS=-Xmx64m "$readaloud" stitch -o "$work/full.wav" "${inputs[@]}"
full_bytes=$(stat -c %s "$work/full.wav")

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
sox_rate_ms=$(ms sox_rate); resample_ms=$(ms resample)
sox_ms=$(ms sox); exact_ms=$(ms exact); defaults_ms=$(ms defaults); startup_ms=$(ms startup)
normalized_ms=$(ms normalized)
loudness_of() { "$readaloud" loudness "$1" | sed -E 's/.*"integratedLufs":([^,]*),"loudnessRangeLu":([^,]*),"truePeakDbtp":([^,]*),.*/\1 LUFS, LRA \2 LU, \3 dBTP/'; }
defaults_loudness="$(loudness_of "$work/defaults.wav")"; normalized_loudness="$(loudness_of "$work/normalized.wav")"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
cat <<REPORT

Machine: $(nproc) cores, $(uname -sm), $("$here/.ci/java-env" >/dev/null 2>&1; source "$here/.ci/java-env"; java -version 2>&1 | head -1)
Input: $chunks chunks x 30 s, 24 kHz mono 16-bit ($(du -ch "${inputs[@]}" | tail -1 | cut -f1) on disk), page cache warm.
JAVA_OPTS for the timings: '${JAVA_OPTS:-}' ; median of $runs runs, wall clock including JVM start-up.
Load average before/after the timings (other work on the machine): $load_before / $load_after

| contender | median wall ms | ratio to sox | peak RSS |
|---|---:|---:|---:|
| sox (concatenate) | $sox_ms | 1.00 | $(rss sox) KiB |
| readaloud stitch --no-trim --pause-ms 0 --crossfade-ms 0 --loudness off | $exact_ms | $(ratio "$exact_ms" "$sox_ms") | $(rss exact) KiB |
| readaloud stitch --loudness off (trim, 250 ms pause, 10 ms fades) | $defaults_ms | $(ratio "$defaults_ms" "$sox_ms") | $(rss defaults) KiB |
| readaloud stitch (defaults: as above, loudness -18 LUFS) | $normalized_ms | $(ratio "$normalized_ms" "$sox_ms") | $(rss normalized) KiB |
| readaloud stitch --help (JVM start-up only) | $startup_ms | $(ratio "$startup_ms" "$sox_ms") | $(rss startup) KiB |

Exact output's samples identical to sox's: $same
Output loudness, --loudness off: $defaults_loudness; defaults (-18): $normalized_loudness

Resampling every chunk from 24 kHz to 22.05 kHz:

| contender | median wall ms | ratio to sox | peak RSS |
|---|---:|---:|---:|
| sox IN... -r 22050 OUT (sox's default rate quality, high) | $sox_rate_ms | 1.00 | $(rss sox_rate) KiB |
| readaloud stitch --no-trim --pause-ms 0 --crossfade-ms 0 --sample-rate 22050 | $resample_ms | $(ratio "$resample_ms" "$sox_rate_ms") | $(rss resample) KiB |

Memory, JAVA_OPTS=-Xmx64m, defaults:

| chunks | output | peak RSS |
|---:|---:|---:|
| $half | $((half_bytes / 1048576)) MiB | $(rss mem_half) KiB |
| $chunks | $((full_bytes / 1048576)) MiB | $(rss mem_full) KiB |
REPORT

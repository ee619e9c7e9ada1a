#!/usr/bin/env bash
# Audiobook scale: whole renders of generated readings of growing length on one machine, with the heap
# capped, through the launcher: wall time and peak RSS of the render's JVM; optionally the same renders
# with an earlier commit's build (cloned and built aside), in the same run.
#
#   docs/bench/scale-benchmark.sh [CHARS...] [-- XMX [BASELINE_COMMIT]]
#   e.g. docs/bench/scale-benchmark.sh 40000 400000 1000000 -- 512m f8d6793
#
# Synthetic voice, no worker latency, concurrency 3, a fresh data directory per render. Needs GNU time.
# Prints a Markdown table; a render the build refuses or fails shows its one-line error instead.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sizes=()
while [[ $# -gt 0 && "$1" != "--" ]]; do sizes+=("$1"); shift; done
[[ $# -gt 0 ]] && shift
xmx="${1:-512m}"
baseline="${2:-}"
[[ ${#sizes[@]} -gt 0 ]] || sizes=(40000 400000 1000000)
[[ -x /usr/bin/time ]] || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A reading of about N characters: English sentences from a small vocabulary, paragraphs of 2-6
# sentences, the same text for the same N.
generate() {
  python3 - "$1" <<'PY'
import random, sys
target = int(sys.argv[1])
rng = random.Random(target)
words = ("the keeper rose early and climbed the stairs to polish a great lens while storms came one after "
         "another and the supply boat missed three crossings so he rationed coffee then tea and finally "
         "patience yet every night at dusk the lamp was lit over the grey water").split()
out, size = [], 0
while size < target:
    paragraph = []
    for _ in range(rng.randint(2, 6)):
        n = rng.randint(6, 18)
        sentence = " ".join(rng.choice(words) for _ in range(n))
        paragraph.append(sentence[0].upper() + sentence[1:] + ".")
    text = " ".join(paragraph)
    out.append(text)
    size += len(text) + 2
print("\n\n".join(out)[:target].rsplit(".", 1)[0] + ".")
PY
}

builds=("new:$here")
if [[ -n "$baseline" ]]; then
  echo "cloning and building $baseline ..." >&2
  git clone -q "$here" "$work/old"
  git -C "$work/old" checkout -q "$baseline"
  ln -s "$(cd "$here/../shared" 2>/dev/null && pwd || echo "$here/../shared")" "$work/shared" 2>/dev/null || true
  (cd "$work/old" && ./readaloud --help >/dev/null)
  builds+=("$baseline:$work/old")
fi
(cd "$here" && ./readaloud --help >/dev/null)

echo "| text chars | build | chunks | audio | wall s | peak RSS MiB | result |"
echo "|---:|---|---:|---:|---:|---:|---|"
for chars in "${sizes[@]}"; do
  generate "$chars" >"$work/text-$chars.txt"
  for entry in "${builds[@]}"; do
    name="${entry%%:*}"; root="${entry#*:}"
    data="$work/data-$name-$chars"
    rm -rf "$data"
    set +e
    (cd "$root" && JAVA_OPTS="-Xmx$xmx" /usr/bin/time -f "%e %M" -o "$work/time" ./readaloud render \
      "$work/text-$chars.txt" -o "$work/out.wav" --voice synthetic --concurrency 3 \
      --worker-latency base=0ms,per-char=0ms,jitter=0 --data-dir "$data" --json >"$work/json" 2>"$work/err")
    status=$?
    set -e
    read -r wall rss < <(tail -1 "$work/time")
    if [[ $status -eq 0 ]]; then
      read -r chunks audio < <(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["chunkCount"], round(j["audioDurationMs"]/3600000, 2))' "$work/json")
      echo "| $chars | $name | $chunks | ${audio} h | $wall | $((rss / 1024)) | ok |"
    else
      echo "| $chars | $name | – | – | $wall | $((rss / 1024)) | $(grep -v '^\s*$' "$work/err" | tail -1 | cut -c1-160) |"
    fi
    rm -rf "$data" "$work/out.wav"
  done
done

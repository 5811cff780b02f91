#!/usr/bin/env bash
# The mbxlint benchmark (issue 6): check time, throughput and peak RSS against the floor.
#
#   bench/run.sh                       # 10k, 100k and 500k pairs
#   bench/run.sh 10000 100000          # chosen sizes
#   BENCH_DIR=/mnt/big bench/run.sh    # where the snapshots go (default /tmp/mbxlint-bench)
#   REPEAT=5 bench/run.sh 10000        # best of 5 runs (default 3; 1 at 500k and above)
#   GEN_ARGS="--lean" bench/run.sh 500000   # extra generator flags (--lean: only the properties
#                                         # mbxlint reads, when the disk cannot hold full size)
#
# For each size N it generates (once; kept for the next run) a snapshot of N source mailboxes
# and N target MailUsers with `cargo run --release --example gen` (full property sets: PS 7 JSON
# source, PS 5.1 UTF-16 JSON target, Export-Csv statistics and Get-User; 2 % planted defects),
# then times, with /usr/bin/time -v's figures:
#   floor  target/release/examples/floor DIR: decode + serde_json into IgnoredAny / csv records,
#          on rayon's pool (the same threads as mbxlint);
#   check  mbxlint check DIR --format json --output /dev/null (every source mailbox);
#   batch  mbxlint check DIR --batch FILE, FILE naming 2,000 of the N mailboxes;
# and once a snapshot holding just a 2,000-mailbox batch's exports. Never point BENCH_DIR into the
# repository: 500k pairs are ~13 GB. Page cache is warm (the floor runs first). Prints a
# Markdown table (the one in README.md's "Performance" section).
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=${BENCH_DIR:-/tmp/mbxlint-bench}
SIZES=${*:-10000 100000 500000}
mkdir -p "$DIR"

cargo build --release --quiet --bin mbxlint --example gen --example floor
GEN=target/release/examples/gen
FLOOR=target/release/examples/floor
MBX=target/release/mbxlint

snapshot() { # N -> path of the snapshot (generated once)
    local n=$1 d="$DIR/p$1"
    if [ ! -f "$d/.done" ]; then
        rm -rf "$d"
        "$GEN" --pairs "$n" --out "$d" --defects 2 --seed 1 \
            --batch-file "$DIR/p$n-batch.csv" --batch-size 2000 ${GEN_ARGS:-} >&2
        touch "$d/.done"
    fi
    echo "$d"
}

# Runs a command REPEAT times; prints "wall_s user_s sys_s maxrss_kb" of the fastest run.
timed() {
    local reps=$1
    shift
    local best="" out
    for _ in $(seq "$reps"); do
        out=$(mktemp)
        /usr/bin/time -v -o "$out" "$@" >/dev/null 2>&1 || true
        local wall user sys rss
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$out")
        user=$(awk -F': ' '/User time/ {print $2}' "$out")
        sys=$(awk -F': ' '/System time/ {print $2}' "$out")
        rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out")
        rm -f "$out"
        if [ -z "$best" ] || awk -v a="$wall" -v b="${best%% *}" 'BEGIN{exit !(a<b)}'; then
            best="$wall $user $sys $rss"
        fi
    done
    echo "$best"
}

echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| pairs | input | floor | check | check / floor | MB/s | pairs/s | peak RSS | RSS / input | CPU (user+sys) check / floor | 2,000-mailbox batch of it |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
    d=$(snapshot "$n")
    bytes=$(find "$d" -type f \( -name '*.json' -o -name '*.csv' \) -printf '%s\n' | awk '{s+=$1} END {print s}')
    reps=${REPEAT:-3}
    [ "$n" -ge 500000 ] && reps=1
    read -r fw fu fs _ <<<"$(timed "$reps" "$FLOOR" "$d")"
    read -r cw cu cs crss <<<"$(timed "$reps" "$MBX" check "$d" --format json --output /dev/null --quiet)"
    read -r bw _ _ _ <<<"$(timed "$reps" "$MBX" check "$d" --batch "$DIR/p$n-batch.csv" --format json --output /dev/null --quiet)"
    awk -v n="$n" -v b="$bytes" -v fw="$fw" -v cw="$cw" -v fu="$fu" -v fs="$fs" -v cu="$cu" -v cs="$cs" -v rss="$crss" -v bw="$bw" 'BEGIN {
        printf "| %d | %.0f MB | %.2f s | %.2f s | %.2f | %.0f | %.0f | %.0f MB | %.1f %% | %.2f | %.2f s |\n",
            n, b/1e6, fw, cw, cw/fw, b/1e6/cw, n/cw, rss*1024/1e6, rss*1024/b*100, (cu+cs)/(fu+fs), bw
    }'
done

# A snapshot holding just one 2,000-mailbox batch's exports.
d=$(snapshot 2000)
read -r sw _ _ srss <<<"$(timed "${REPEAT:-3}" "$MBX" check "$d" --format json --output /dev/null --quiet)"
echo
echo "2,000-pair snapshot (just that batch's exports): check $sw s, peak RSS $((srss * 1024 / 1000000)) MB"

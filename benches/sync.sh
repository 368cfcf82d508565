#!/usr/bin/env bash
# Team sync at scale (issue 16), through the real binary and git, no network:
# a 100,000-statement store folder over ten years shared to a bare remote on
# this disk, cloned once; each side adds statements, then
#   - a sync that only sends (one local commit, pushed),
#   - a sync that merges (theirs moved: three-way merge by id, commit, push),
#   - a sync that only receives (a fast-forward of the other's merge),
#   - a sync with nothing to do.
# Each is the median of 5 (a fresh statement each time).
# Usage: cargo build --release && bash benches/sync.sh [N]   (N: 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$PWD/target/release/stancebook"
n="${1:-100000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export STANCEBOOK_HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 HOME="$work"
ms() { python3 -c 'import time; print(int(time.time()*1000))'; }
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }

cd "$work"
git init -q --bare -b main remote.git
"$bin" gen --statements "$n" --years 10 --folder --out anna >/dev/null
t0=$(ms); "$bin" --store anna share --remote "$work/remote.git" --by Anna >/dev/null; t1=$(ms)
echo "store: $n statements, $(find anna/statements -name '*.ron' | wc -l) files, $(du -sh anna --exclude=.git | cut -f1); share (init, first commit, push): $((t1 - t0)) ms"
t0=$(ms); "$bin" clone "$work/remote.git" ben >/dev/null; t1=$(ms)
echo "clone: $((t1 - t0)) ms"
"$bin" --store ben check >/dev/null   # warms Ben's cache, as opening the app does

add() { "$bin" --store "$1" add --actor "$2" --date "$3" --quote "$4" --position ceasefire=1 --outlet Bench >/dev/null; }
send=(); merge=(); receive=(); idle=()
for i in 1 2 3 4 5; do
  add anna kyiv "2025-0$i-1$i" "Anna's line $i"
  t0=$(ms); "$bin" --store anna sync --by Anna >/dev/null; t1=$(ms); send+=($((t1 - t0)))
  add ben london "2025-0$i-2$i" "Ben's line $i"
  t0=$(ms); "$bin" --store ben sync --by Ben >/dev/null; t1=$(ms); merge+=($((t1 - t0)))
  t0=$(ms); "$bin" --store anna sync --by Anna >/dev/null; t1=$(ms); receive+=($((t1 - t0)))
  t0=$(ms); "$bin" --store anna sync --by Anna >/dev/null; t1=$(ms); idle+=($((t1 - t0)))
done
echo "sync that sends one statement (ms): ${send[*]} -> median $(median "${send[@]}")"
echo "sync that merges (theirs moved; one statement each side) (ms): ${merge[*]} -> median $(median "${merge[@]}")"
echo "sync that receives (fast-forward) (ms): ${receive[*]} -> median $(median "${receive[@]}")"
echo "sync with nothing to do (ms): ${idle[*]} -> median $(median "${idle[@]}")"
cmp <("$bin" --store anna export --format ron) <("$bin" --store ben export --format ron) && echo "both stores are the same: yes"
echo "remote: $(du -sh remote.git | cut -f1) after $(git -C remote.git rev-list --count main) commits"

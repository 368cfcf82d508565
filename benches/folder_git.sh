#!/usr/bin/env bash
# Store folders at scale (issue 17), through the real binary and git:
#   - `add` as a whole process on a 100,000-statement folder (median of 7);
#   - the repository growth of a one-statement commit;
#   - a `git merge` of two branches that each added 5 statements, with the
#     merge driver configured (git calls it per day file that changed);
#   - the largest file of a 1,000,000-statement folder over ten years
#     (skipped with SKIP_1M=1).
# Usage: cargo build --release && bash benches/folder_git.sh [N]   (N: 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$PWD/target/release/stancebook"
n="${1:-100000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export STANCEBOOK_HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 HOME="$work"
ms() { python3 -c 'import time; print(int(time.time()*1000))'; }

"$bin" gen --statements "$n" --years 10 --folder --out "$work/repo/desk" >/dev/null
cd "$work/repo"
git init -q -b main
git config user.name Bench; git config user.email bench@example.org; git config commit.gpgsign false
git config merge.stancebook.driver "'$bin' merge-driver %O %A %B %P"
printf '*.lock\n*.backups/\n*.cache\n' > .gitignore
git add . && git commit -q -m "the store"
git gc -q
echo "store: $n statements, $(find desk -name '*.ron' | wc -l) files, $(du -sh desk | cut -f1) on disk"

add() { "$bin" --store desk add --actor "$1" --date "$2" --quote "$3" --position ceasefire=1 --outlet Bench >/dev/null 2>&1; }
times=()
for i in 1 2 3 4 5 6 7; do
  t0=$(ms); add kyiv "2025-0$i-1$i" "bench line $i"; t1=$(ms); times+=($((t1 - t0)))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
echo "add, whole process (ms, sorted): $sorted-> median $(printf '%s\n' "${times[@]}" | sort -n | sed -n 4p) ms"
git add -A && git commit -q -m "seven lines"

before=$(git count-objects -v | awk '/^size:/{l=$2} /^size-pack:/{p=$2} END{print l+p}')
add london 2025-11-20 "one more line"
git add -A && git commit -q -m "one line"
after=$(git count-objects -v | awk '/^size:/{l=$2} /^size-pack:/{p=$2} END{print l+p}')
echo "repository growth, one-statement commit: $((after - before)) KB as git first stores it ($(git show --stat --format= HEAD | tail -1))"
git gc -q
packed=$(git count-objects -v | awk '/^size:/{l=$2} /^size-pack:/{p=$2} END{print l+p}')
add london 2025-11-21 "and one more"
git add -A && git commit -q -m "one more line" && git gc -q
repacked=$(git count-objects -v | awk '/^size:/{l=$2} /^size-pack:/{p=$2} END{print l+p}')
echo "  after git gc, the next one-statement commit grows the pack by $((repacked - packed)) KB"

git checkout -q -b a
for i in 1 2 3 4 5; do add london "2025-0$i-2$i" "branch a, line $i"; done
git add -A && git commit -q -m "a: five"
git checkout -q main && git checkout -q -b b
for i in 1 2 3 4 5; do add paris "2025-0$i-2$i" "branch b, line $i"; done
git add -A && git commit -q -m "b: five"
git checkout -q a
t0=$(ms); git merge -q --no-edit b 2>/dev/null; t1=$(ms)
echo "git merge of two syncs (5 statements each side, driver per day file): $((t1 - t0)) ms"
"$bin" --store desk check | sed 's/^/  /'

if [ "${SKIP_1M:-0}" != 1 ]; then
  t0=$(ms); "$bin" gen --statements 1000000 --years 10 --folder --out "$work/million" >/dev/null; t1=$(ms)
  largest=$(find "$work/million" -name '*.ron' -printf '%s %P\n' | sort -n | tail -1)
  echo "1,000,000 statements over 10 years: $(find "$work/million" -name '*.ron' | wc -l) files, $(du -sh "$work/million" | cut -f1); largest file ${largest% *} bytes (${largest#* }); written in $((t1 - t0)) ms"
fi

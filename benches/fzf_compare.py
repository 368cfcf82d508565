#!/usr/bin/env python3
"""Times `fzf --filter` against `stancebook search` on the same store.

    python3 benches/fzf_compare.py STORE [--runs N] [--bin target/release/stancebook]

Writes every statement's searchable fields on one line (`stancebook search ""
--print-fields`: quote, original, speaker, aliases, actor, outlet, tags,
notes), then runs each free-text query of benches/queries.txt (filter and
phrase queries have no fzf equivalent and are skipped) through
`fzf --filter QUERY < lines` and through `stancebook search --queries FILE
--timings` (store loaded once), N times each, and prints the medians and
their ratio. fzf's time is the whole process (it reads the lines each time,
as it must); Stancebook's is one search with the store loaded, as in the app.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("store")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "stancebook"))
    ap.add_argument("--queries", default=os.path.join(HERE, "queries.txt"))
    args = ap.parse_args()

    queries = []
    with open(args.queries, encoding="utf-8") as f:
        for line in f:
            q = line.strip()
            if q and not q.startswith("#") and ":" not in q and '"' not in q:
                queries.append(q)

    with tempfile.TemporaryDirectory() as tmp:
        lines = os.path.join(tmp, "lines.txt")
        with open(lines, "wb") as out:
            subprocess.run([args.bin, "--store", args.store, "search", "", "--print-fields"], stdout=out, check=True)
        qfile = os.path.join(tmp, "queries.txt")
        with open(qfile, "w", encoding="utf-8") as f:
            f.write("\n".join(queries) + "\n")
        n_lines = sum(1 for _ in open(lines, "rb"))
        print(f"{n_lines} lines, {os.path.getsize(lines) / 1e6:.1f} MB of searchable text; {args.runs} runs each")

        sb = subprocess.run(
            [args.bin, "--store", args.store, "search", "--queries", qfile, "--timings", "--json",
             "--repeat", str(args.runs)],
            stdout=subprocess.PIPE, check=True,
        )
        ours = {t["query"]: t for t in json.loads(sb.stdout)}

        print(f"{'query':40} {'fzf ms':>9} {'fzf hits':>9} {'ours ms':>9} {'our hits':>9} {'fzf/ours':>9}")
        ratios = []
        for q in queries:
            times = []
            hits = 0
            for _ in range(args.runs):
                with open(lines, "rb") as inp:
                    t = time.perf_counter()
                    r = subprocess.run(["fzf", "--filter", q], stdin=inp, stdout=subprocess.PIPE)
                    times.append((time.perf_counter() - t) * 1e3)
                hits = r.stdout.count(b"\n")
            fzf_ms = statistics.median(times)
            our = ours[q]
            ratio = fzf_ms / our["ms"] if our["ms"] > 0 else float("inf")
            ratios.append(ratio)
            print(f"{q:40} {fzf_ms:9.1f} {hits:9} {our['ms']:9.2f} {our['hits']:9} {ratio:8.0f}x")
        print(f"median ratio fzf/ours: {statistics.median(ratios):.0f}x (fzf slower when > 1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

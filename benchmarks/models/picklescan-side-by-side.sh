#!/usr/bin/env bash
# Whole-process wall time of `trustcheck scan DIR` against picklescan's own CLI on the same folder of a few hundred small
# pickles, runs interleaved, best and median of N. picklescan is not vendored: set PICKLESCAN_SRC to a folder holding
# its package (mmaitre314/picklescan src/picklescan: __init__.py, cli.py, scanner.py, relaxed_zipfile.py, torch.py);
# it runs with Debian's python3 (+ python3-numpy).
# Usage: PICKLESCAN_SRC=/tmp/picklescan-src benchmarks/models/picklescan-side-by-side.sh [count=300] [runs=11]
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${PICKLESCAN_SRC:?set PICKLESCAN_SRC to the folder that holds picklescan/ (its package sources)}"
count=${1:-300}; runs=${2:-11}
python=${PYTHON:-/usr/bin/python3}
dir=${TMPDIR:-/tmp}/trustcheck-picklebench-$count
if [ ! -d "$dir" ]; then
  mkdir -p "$dir"
  "$python" benchmarks/models/make-pickles.py "$dir" "$count"
fi
# The command as users install it (on linux-x64 the Native AOT binary); TRUSTCHECK_CLI=path times another build.
cli=${TRUSTCHECK_CLI:-$(benchmarks/cli/installed-tool.sh)}
picklescan() { PYTHONPATH="$PICKLESCAN_SRC" "$python" -c 'import sys; from picklescan.cli import main; sys.exit(main())' -p "$dir"; }

# Both must have looked at every file, or the timing means nothing.
scanned=$(picklescan | sed -n 's/^Scanned files: //p')
models=$("$cli" scan "$dir" --format json | "$python" -c 'import json, sys; print(len(json.load(sys.stdin)["models"]))')
echo "picklescan scanned $scanned files, trustcheck reported $models models in $dir"
[ "$scanned" = "$count" ] && [ "$models" = "$count" ] || { echo "COUNT MISMATCH"; exit 1; }

out=$(mktemp)
for _ in $(seq "$runs"); do
  /usr/bin/time -o "$out" -f "%e %U %S" bash -c "PYTHONPATH='$PICKLESCAN_SRC' '$python' -c 'import sys; from picklescan.cli import main; sys.exit(main())' -p '$dir' > /dev/null 2>&1" || true
  echo "picklescan $(tail -1 "$out")"
  /usr/bin/time -o "$out" -f "%e %U %S" "$cli" scan "$dir" > /dev/null 2>&1 || true
  echo "trustcheck $(tail -1 "$out")"
done | sort -k1,1 -k2,2n | awk -v runs="$runs" '
  { n[$1]++; t[$1, n[$1]] = $2; cpu[$1, n[$1]] = $3 + $4 }
  END {
    for (tool in n) { m = int((n[tool] + 1) / 2); printf "%-11s wall best %.3f s, median %.3f s; CPU of the median run %.3f s\n", tool, t[tool, 1], t[tool, m], cpu[tool, m] }
    m = int((runs + 1) / 2)
    printf "ratio trustcheck/picklescan: best %.2f, median %.2f (target < 1); %d runs each\n", t["trustcheck", 1] / t["picklescan", 1], t["trustcheck", m] / t["picklescan", m], runs
  }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

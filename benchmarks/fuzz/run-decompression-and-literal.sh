#!/usr/bin/env bash
# Fuzzes every decompression path (one seed folder per codec, detection + joblib reader per input) and the .npy header
# literal parser, N inputs each (default 1,000,000), in-process mutation. Prints one line per run with its rate.
# Usage: benchmarks/fuzz/run-decompression-and-literal.sh [N] [codec ...]   (codecs: gzip zlib bz2 xz lzma lz4 literal)
set -euo pipefail
N=${1:-1000000}; shift || true
CODECS=${*:-gzip zlib bz2 xz lzma lz4 literal}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/trustcheck-fuzz.XXXXXX)
for project in Joblib Numpy; do
  dotnet build "$REPO/benchmarks/fuzz/$project.Fuzz" -c Release -o "$WORK/$project" >/dev/null
done
ML="$REPO/tests/fixtures/ml-pickles"; BY="$REPO/tests/fixtures/pickle-bypasses"
for codec in $CODECS; do
  seeds="$WORK/seeds-$codec"; mkdir -p "$seeds"
  case $codec in
    literal) python3 "$REPO/benchmarks/fuzz/Numpy.Fuzz/literal-seeds.py" "$seeds" >/dev/null
             cmd=(dotnet "$WORK/Numpy/Numpy.Fuzz.dll" --literal --mutate "$seeds" "$N" "$WORK/crashes") ;;
    *)       cp "$ML/compressed-$codec.joblib" "$BY"/*-"$codec".* "$seeds/"
             case $codec in
               gzip) cp "$BY"/*.gz "$ML"/*.gz "$seeds/" ;;
               bz2) cp "$BY"/*.bz2 "$seeds/" ;;
               xz) cp "$BY"/*.xz "$BY/unopened-truncated.joblib" "$seeds/" ;;
               lzma) cp "$BY/unopened-huge-dictionary.joblib" "$seeds/" ;;
             esac
             cmd=(dotnet "$WORK/Joblib/Joblib.Fuzz.dll" --mutate "$seeds" "$N" "$WORK/crashes") ;;
  esac
  start=$(date -u +%FT%TZ); load=$(cut -d' ' -f1-3 /proc/loadavg)
  result=$( { /usr/bin/time -f '%e %U %S %M' nice -n 10 "${cmd[@]}" | tail -1; } 2>&1 | tr '\n' ' ')
  echo "$codec start=$start load=[$load] seeds=$(ls "$seeds" | wc -l) :: $result (wall s, user s, sys s, max KB)"
done
echo "crash folder (empty when none): $WORK/crashes"

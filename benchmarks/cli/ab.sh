#!/usr/bin/env bash
# Paired, interleaved whole-process timing of several command variants (A B C A B C ...), new process per run.
# Prints, per variant, the median and min wall time and the median user+sys CPU (`/usr/bin/time`), plus the load
# average before and after. Usage:
#   benchmarks/cli/ab.sh RUNS 'label-a::command a' 'label-b::command b' ...
# Example (two builds copied side by side, same arguments):
#   benchmarks/cli/ab.sh 15 'before::dotnet /tmp/tcA/trustcheck.dll check samples/ModelApp --no-cache' \
#                           'after::dotnet /tmp/tcB/trustcheck.dll check samples/ModelApp --no-cache'
set -euo pipefail
runs="$1"; shift
labels=(); commands=()
for variant in "$@"; do labels+=("${variant%%::*}"); commands+=("${variant#*::}"); done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for i in "${!commands[@]}"; do bash -c "${commands[$i]}" >/dev/null 2>&1 || true; done   # warm the file cache
for _ in $(seq "$runs"); do
  for i in "${!commands[@]}"; do
    /usr/bin/time -f '%e %U %S' -a -o "$out/$i" bash -c "exec ${commands[$i]} >/dev/null 2>&1" || true
  done
done
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
printf '%-28s %8s %8s %10s\n' variant wall_med wall_min cpu_med
for i in "${!commands[@]}"; do
  wall=$(awk '/^[0-9]/{print $1}' "$out/$i" | median)
  wmin=$(awk '/^[0-9]/{print $1}' "$out/$i" | sort -n | head -1)
  cpu=$(awk '/^[0-9]/{printf "%.2f\n", $2+$3}' "$out/$i" | median)
  printf '%-28s %8s %8s %10s\n' "${labels[$i]}" "$wall" "$wmin" "$cpu"
done
echo "runs per variant: $runs; load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Whole-process wall time of `trustcheck scan DIR` over 1,000 non-model files (text, Python source, JSON, CSV, PNG,
# JPEG, random binary): every file goes through format detection, including the walk-based pickle recognition.
# Target: <= 0.3 s. Usage: benchmarks/models/non-model-folder.sh [runs=11]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-11}
dir=${TMPDIR:-/tmp}/trustcheck-non-model-folder
rm -rf "$dir"; mkdir -p "$dir"
python3 - "$dir" <<'PY'
import json, os, random, struct, sys, zlib
d = sys.argv[1]; r = random.Random(1)
def png(w):
    raw = b"".join(b"\x00" + bytes(r.randrange(256) for _ in range(w * 3)) for _ in range(8))
    chunk = lambda t, b: struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, 8, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
words = "the model was trained on public data with careful evaluation of every layer".split()
for i in range(1000):
    kind = i % 7
    if kind == 0: name, data = "notes%d.txt" % i, (" ".join(r.choice(words) for _ in range(400)) + "\n").encode()
    elif kind == 1: name, data = "config%d.json" % i, json.dumps({"hidden_size": 768, "layers": list(range(50)), "name": "m%d" % i}).encode()
    elif kind == 2: name, data = "module%d.py" % i, ("class Layer%d:\n    def forward(self, x):\n        return x\n" % i * 20).encode()
    elif kind == 3: name, data = "table%d.csv" % i, ("".join("%d,%d,%f\n" % (j, j * 2, j / 3) for j in range(200))).encode()
    elif kind == 4: name, data = "image%d.png" % i, png(32)
    elif kind == 5: name, data = "photo%d.jpg" % i, b"\xff\xd8\xff\xe0" + bytes(r.randrange(256) for _ in range(3000))
    else: name, data = "blob%d.dat" % i, bytes(r.randrange(256) for _ in range(4000))
    open(os.path.join(d, name), "wb").write(data)
PY
dotnet build src/TrustCheck.Cli -c Release --nologo -v quiet >/dev/null
cli=src/TrustCheck.Cli/bin/Release/net10.0/trustcheck
"$cli" scan "$dir" > /dev/null 2>&1 || true   # warm-up (disk cache)
out=$(mktemp)
for _ in $(seq "$runs"); do
  /usr/bin/time -o "$out" -f "%e %U %S" "$cli" scan "$dir" > /dev/null 2>&1 || true
  tail -1 "$out"
done | sort -n | awk -v n="$(ls "$dir" | wc -l)" '{ w[NR] = $1; c[NR] = $2 + $3 } END {
  printf "trustcheck scan of %d non-model files: wall median %.3f s, best %.3f s; CPU of the median run %.3f s; %d runs\n",
    n, w[int((NR + 1) / 2)], w[1], c[int((NR + 1) / 2)], NR }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

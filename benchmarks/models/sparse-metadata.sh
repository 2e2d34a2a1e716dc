#!/usr/bin/env bash
# Header-only metadata read of a 10 GB sparse file: a real GGUF/safetensors header from the corpus, then a hole up to
# 10 GB. Detection + reader must cost the same as for the small file (no read of the weights).
# Usage: benchmarks/models/sparse-metadata.sh [size_gb=10]
set -euo pipefail
cd "$(dirname "$0")/../.."
size_gb=${1:-10}
dotnet build benchmarks/models/ModelBench -c Release --nologo -v quiet >/dev/null
bench=benchmarks/models/ModelBench/bin/Release/net10.0/ModelBench
tmp=${TMPDIR:-/tmp}
for src in ../shared/corpus/ggml-llama.cpp/ggml-vocab-phi-3.gguf ../shared/corpus/modelaudit/samples/safetensors/safe_model.safetensors; do
  name=$(basename "$src")
  sparse="$tmp/trustcheck-sparse-$name"
  cp "$src" "$sparse"
  truncate -s "${size_gb}G" "$sparse"
  echo "== $name padded to ${size_gb} GB (sparse: $(du -k "$sparse" | cut -f1) KB on disk)"
  "$bench" inspect "$src" 5
  "$bench" inspect "$sparse" 5
  rm -f "$sparse"
done

#!/usr/bin/env python3
"""Writes an Ollama store for the remote-model benchmark: N models, each a GGUF header padded to SIZE bytes as a sparse
file (truncate), a license layer and a config blob, under manifests/registry.ollama.ai/library/bench-<i>/latest.
Digests of the big blobs are computed with `openssl dgst -sha256` (the baseline the benchmark compares with); the
seconds openssl took are printed on the last line. Usage: make-store.py STORE MODELS SIZE_MB [TAGS_PER_MODEL]"""
import hashlib, json, os, struct, subprocess, sys, time

store, models, size_mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
tags = int(sys.argv[4]) if len(sys.argv) > 4 else 1
blobs = os.path.join(store, "blobs")
os.makedirs(blobs, exist_ok=True)

def gguf(name):
    def s(v):
        b = v.encode()
        return struct.pack("<Q", len(b)) + b
    kv = [("general.architecture", "llama"), ("general.name", name)]
    body = b"".join(s(k) + struct.pack("<I", 8) + s(v) for k, v in kv)
    return b"GGUF" + struct.pack("<IQQ", 3, 0, len(kv)) + body

def small_blob(data):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, "sha256-" + digest), "wb") as f:
        f.write(data)
    return digest, len(data)

openssl_seconds = 0.0
license_layer = small_blob(b"Benchmark license text (not a real license).\n")
config = small_blob(b'{"model_format":"gguf","model_family":"llama"}')
for i in range(models):
    temp = os.path.join(blobs, f"tmp-{i}")
    with open(temp, "wb") as f:
        f.write(gguf(f"bench-{i}"))
    os.truncate(temp, size_mb * 1024 * 1024)
    start = time.perf_counter()
    out = subprocess.run(["openssl", "dgst", "-sha256", "-r", temp], check=True, capture_output=True, text=True).stdout
    openssl_seconds += time.perf_counter() - start
    digest = out.split()[0]
    os.replace(temp, os.path.join(blobs, "sha256-" + digest))
    layers = [("application/vnd.ollama.image.model", digest, size_mb * 1024 * 1024),
              ("application/vnd.ollama.image.license", *license_layer)]
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": "sha256:" + config[0], "size": config[1]},
                "layers": [{"mediaType": m, "digest": "sha256:" + d, "size": n} for m, d, n in layers]}
    for t in range(tags):
        folder = os.path.join(store, "manifests", "registry.ollama.ai", "library", f"bench-{i}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "latest" if t == 0 else f"tag{t}"), "w") as f:
            json.dump(manifest, f, separators=(",", ":"))
print(f"{openssl_seconds:.3f}")

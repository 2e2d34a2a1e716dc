#!/usr/bin/env python3
"""Writes seeds for `Numpy.Fuzz --literal`: the header dict text of every .npy in the repository's fixtures and the
shared corpus (bytes only, nothing is loaded), plus hand-written literals for the grammar corners numpy accepts.
Usage: python3 literal-seeds.py OUT_FOLDER"""
import os, struct, sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
roots = [os.path.join(repo, "tests"), os.path.join(repo, "..", "shared", "corpus")]
count = 0

def write(text):
    global count
    with open(os.path.join(out, f"seed-{count:03}.txt"), "wb") as f:
        f.write(text if isinstance(text, bytes) else text.encode("latin-1"))
    count += 1

for root in roots:
    for folder, _, files in os.walk(root):
        for name in files:
            if not name.endswith(".npy"):
                continue
            with open(os.path.join(folder, name), "rb") as f:
                head = f.read(12)
                if len(head) < 10 or head[:6] != b"\x93NUMPY":
                    continue
                length = struct.unpack("<H", head[8:10])[0] if head[6] == 1 else struct.unpack("<I", head[8:12])[0]
                f.seek(10 if head[6] == 1 else 12)
                write(f.read(min(length, 65536)))

for literal in [
    "{'descr': '|O', 'fortran_order': False, 'shape': (3,), }",
    "{'descr': ('|O', (1,)), 'fortran_order': False, 'shape': ()}",
    "{'descr': [('a', '<i4'), ('b', [('c', 'O8')])], 'fortran_order': True, 'shape': (2, 2)}",
    "{u'descr': b'<f8' 'x', 'shape': (1_000, 0x10, 0o7, 0b1, 5L), 'fortran_order': 0} # comment",
    "{'descr': [(('title', 'name'), '|O4', (2, 3))], 'shape': [], 'fortran_order': False}",
    "{'descr': 'i4,O,f8', 'shape': (), 'x': {1, 2.5e-3, -3j, None, True}}",
    "{'descr': r'\\x4f' '\\u004f\\N{LATIN SMALL LETTER A}\\101', 'shape': (1,)}",
    "{\n 'descr' :\t'<V16' ,\n 'shape' : ( ) ,\n}",
]:
    write(literal)

print(f"{count} seeds in {out}")

"""Writes COUNT small benign pickles of the kinds models ship (protocols 0-5, state-dict-like OrderedDicts, nested
containers) into FOLDER. Used by picklescan-side-by-side.sh and benchmarks/cli/budgets.sh. Usage: make-pickles.py FOLDER COUNT"""
import collections, os, pickle, sys

folder, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    value = collections.OrderedDict((f"layer{j}.weight", [float(i + j)] * (j % 7 + 1)) for j in range(i % 13 + 1))
    value["meta"] = {"step": i, "name": f"run-{i}", "tags": ("a", "b"), "flags": {True, False}}
    with open(os.path.join(folder, f"state_{i:04d}.pkl"), "wb") as f:
        pickle.dump(value, f, protocol=i % 6)

#!/usr/bin/env python3
"""The outside reference for every learning table: scikit-learn's MLPClassifier (backprop with Adam)
on edge's exact train/test split.

    python3 scripts/peer_sklearn.py --data csv:../shared/data/vowel.csv --hidden 32 --seed 1

The split comes from `edge data export` (features scaled into [0, 1] by the training split, as every
edge learner sees them). Prints one JSON object: data, hidden, seed, test_accuracy (%), train_accuracy,
iterations, seconds. Needs Debian's python3-sklearn (/usr/bin/python3).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_EDGE = f"dotnet {os.path.join(ROOT, 'host', 'bin', 'Release', 'net10.0', 'edge.dll')}"


def export_split(edge, data, folder, data_dir=None):
    """Runs `edge data export` and returns (x_train, y_train, x_test, y_test)."""
    cmd = edge.split() + ["data", "export", "--data", data, "--out", folder, "--json"]
    if data_dir:
        cmd += ["--data-dir", data_dir]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    splits = []
    for name in ("train.csv", "test.csv"):
        table = np.loadtxt(os.path.join(folder, name), delimiter=",", skiprows=1, ndmin=2)
        splits += [table[:, :-1], table[:, -1].astype(int)]
    return splits


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default="digits", help="digits, fashion14 or csv:PATH (as for edge)")
    p.add_argument("--hidden", default="32", help="hidden widths, comma separated (as for edge)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--max-iter", type=int, default=1000)
    p.add_argument("--data-dir", help="folder of the Fashion-MNIST IDX files")
    p.add_argument("--edge", default=os.environ.get("EDGE", DEFAULT_EDGE), help="how to run edge (default: the Release build)")
    a = p.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        x_train, y_train, x_test, y_test = export_split(a.edge, a.data, folder, a.data_dir)
    hidden = tuple(int(h) for h in a.hidden.split(","))
    model = MLPClassifier(hidden_layer_sizes=hidden, max_iter=a.max_iter, random_state=a.seed)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x_train, y_train)
    seconds = time.perf_counter() - start
    json.dump({
        "data": a.data, "hidden": list(hidden), "seed": a.seed, "peer": "sklearn MLPClassifier (adam)",
        "test_accuracy": round(100.0 * model.score(x_test, y_test), 2),
        "train_accuracy": round(100.0 * model.score(x_train, y_train), 2),
        "iterations": int(model.n_iter_), "seconds": round(seconds, 2),
    }, sys.stdout)
    print()


if __name__ == "__main__":
    main()

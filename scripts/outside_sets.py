#!/usr/bin/env python3
"""Data sets outside the learning suite, written as CSV files edge reads (`--data csv:PATH`), to check that the
defaults hold on data nobody tuned for: scikit-learn's bundled iris, wine and breast cancer sets (no download),
and a synthetic 20-class set (make_classification, fixed seed) whose output layer needs large weights.

    /usr/bin/python3 scripts/outside_sets.py /tmp/outside          # writes iris.csv wine.csv cancer.csv many.csv
    python3 scripts/learning_suite.py --csv-dir /tmp/outside ...    # or edge bench learn --data csv:/tmp/outside/many.csv

Needs Debian's python3-sklearn (/usr/bin/python3).
"""
import csv
import os
import sys

from sklearn import datasets


def write(path, features, labels):
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow([f"f{i}" for i in range(features.shape[1])] + ["label"])
        for x, y in zip(features, labels):
            out.writerow(list(x) + [y])


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "outside"
    os.makedirs(folder, exist_ok=True)
    for name, load in [("iris", datasets.load_iris), ("wine", datasets.load_wine), ("cancer", datasets.load_breast_cancer)]:
        d = load()
        write(os.path.join(folder, name + ".csv"), d.data, [d.target_names[t] for t in d.target])
    # 20 classes from 20 features: narrow nets need output weights beyond Q3.12's ±8 here (docs/learning.md)
    x, y = datasets.make_classification(n_samples=6000, n_features=20, n_informative=14, n_redundant=2, n_classes=20,
                                        n_clusters_per_class=1, class_sep=1.5, random_state=7)
    write(os.path.join(folder, "many.csv"), x, [f"c{t}" for t in y])
    print(folder)


if __name__ == "__main__":
    main()

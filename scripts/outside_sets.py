#!/usr/bin/env python3
"""Data sets outside the learning suite, written as CSV files edge reads (`--data csv:PATH`), to check that the
defaults hold on data nobody tuned for: scikit-learn's bundled iris, wine and breast cancer sets (no download),
and synthetic sets (make_classification, fixed seeds): 20 and 40 classes, 300 dense features, a 90/7/3 imbalance.

    /usr/bin/python3 scripts/outside_sets.py /tmp/outside          # writes iris, wine, cancer, many, forty, wide, imbalanced .csv
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
    # synthetic shapes the suite lacks (docs/learning.md): many classes (output weights beyond Q3.12's ±8 at H=32),
    # wide dense inputs (300 features), and a 90/7/3 class imbalance
    synthetic = {
        "many": dict(n_samples=6000, n_features=20, n_informative=14, n_redundant=2, n_classes=20, n_clusters_per_class=1,
                     class_sep=1.5, random_state=7),
        "forty": dict(n_samples=3000, n_features=16, n_informative=12, n_classes=40, n_clusters_per_class=1, class_sep=2.0,
                      random_state=5),
        "wide": dict(n_samples=3000, n_features=300, n_informative=30, n_redundant=20, n_classes=5, random_state=3),
        "imbalanced": dict(n_samples=4000, n_features=12, n_informative=8, n_classes=3, weights=[0.9, 0.07, 0.03], random_state=4),
    }
    for name, shape in synthetic.items():
        x, y = datasets.make_classification(**shape)
        write(os.path.join(folder, name + ".csv"), x, [f"c{t}" for t in y])
    print(folder)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A held-out choice between ap and readout, measured (docs/learning.md, "What falls short"); not a default yet.

For every CSV set of the generated tables (the suite's, and the outside, UCI and synthetic sets when their folders
exist) and widths 32 and 128, seeds 1-3: the set's training split (`edge data export`) is split again by `edge bench
learn` itself (three quarters to learn, a quarter to compare); ap and readout learn on the three quarters, and a rule
picks one from their accuracies on the quarter. The picked learner's whole-split result comes from the tables' own
runs (docs/results/*.json, written by scripts/learning_suite.py), the held-out runs are kept in
docs/results/heldout.json. Prints, per rule, the rows that miss a bar of issue 12 (below readout, or more than 2
points or 2 test rows below the peer) and the mean gap to the peer.

    python3 scripts/heldout_choice.py            # after `dotnet build Edge.sln -c Release` and the tables' runs
"""
import glob, json, os, statistics, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

from learning_suite import EDGE, ROOT, block, tolerance   # the tables' runs, results files and bar, said once

HELDOUT = os.path.join(ROOT, "docs/results/heldout.json")
# the folders the generated tables' CSV sets are written to (the commands of learning_suite.TABLES)
FOLDERS = {"suite": "../shared/data", "outside": "../outside", "uci": "../uci", "synthetic": "../synth"}
WIDTHS, SEEDS = (32, 128), (1, 2, 3)

RULES = {
    "ap always (today)": lambda ap, readout: False,
    "readout when better": lambda ap, readout: readout > ap,
    "readout when better by 1": lambda ap, readout: readout > ap + 1.0,
    "readout when not worse": lambda ap, readout: readout >= ap,
}


def edge(args):
    out = subprocess.run(EDGE + args + ["--json"], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    return json.loads(out)


def main():
    outer = {}
    for table in FOLDERS:
        path = block(table)[0]
        if os.path.exists(path): outer.update(json.load(open(path)))
    sets = []
    for folder in FOLDERS.values():
        # every set of the tables but the large ones, where readout is far behind (shuttle, letter)
        sets += [os.path.relpath(f, ROOT) for f in sorted(glob.glob(os.path.join(ROOT, folder, "*.csv")))
                 if os.path.basename(f) not in ("shuttle.csv", "letter.csv")]
    heldout = json.load(open(HELDOUT)) if os.path.exists(HELDOUT) else {}
    with tempfile.TemporaryDirectory() as tmp:
        jobs = []
        for data in sets:
            name = os.path.splitext(os.path.basename(data))[0]
            split = os.path.join(tmp, name)
            for hidden in WIDTHS:
                for seed in SEEDS:
                    for algo in ("ap", "readout"):
                        key = f"{data} {algo} {hidden} {seed}"
                        if key in heldout: continue
                        if not os.path.exists(os.path.join(split, "train.csv")):
                            subprocess.run(EDGE + ["data", "export", "--data", "csv:" + data, "--out", split], cwd=ROOT, check=True, capture_output=True)
                        jobs.append((key, ["bench", "learn", "--data", "csv:" + os.path.join(split, "train.csv"), "--algo", algo,
                                           "--hidden", str(hidden), "--seed", str(seed)]))
        with ThreadPoolExecutor(2) as pool:
            for key, result in zip([k for k, _ in jobs], pool.map(lambda job: edge(job[1]), jobs)):
                heldout[key] = result["test_accuracy"]
    with open(HELDOUT, "w") as f:
        json.dump(heldout, f, indent=1, sort_keys=True)

    for rule_name, rule in RULES.items():
        short, gaps = [], []
        for data in sets:
            for hidden in WIDTHS:
                chosen, readout, peer = [], [], []
                for seed in SEEDS:
                    run = lambda algo: outer[f"edge bench learn --data csv:{data} --algo {algo} --hidden {hidden} --seed {seed}"]
                    pick_readout = rule(heldout[f"{data} ap {hidden} {seed}"], heldout[f"{data} readout {hidden} {seed}"])
                    chosen.append(run("readout" if pick_readout else "ap")["test_accuracy"])
                    readout.append(run("readout")["test_accuracy"])
                    peer.append(outer[f"peer --data csv:{data} --hidden {hidden} --seed {seed}"]["test_accuracy"])
                c, r, p = statistics.mean(chosen), statistics.mean(readout), statistics.mean(peer)
                gaps.append(p - c)
                name = os.path.splitext(os.path.basename(data))[0]
                if c < r: short.append(f"{name} H={hidden} below readout ({c:.2f} < {r:.2f})")
                if p - c > tolerance(run("ap")["test_samples"]): short.append(f"{name} H={hidden} {p - c:.2f} below the peer")
        print(f"{rule_name}: {len(short)} rows short of a bar of {len(gaps)}, mean gap {statistics.mean(gaps):+.2f}")
        for s in short: print("  " + s)
    return 0


if __name__ == "__main__":
    sys.exit(main())

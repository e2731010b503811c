#!/usr/bin/env python3
"""Regenerates docs/learning.md: runs `edge bench learn` for every row and writes the tables.

Usage (from the repository root, after `dotnet build Edge.sln -c Release`):
    python3 scripts/learning_table.py            # everything (about an hour on 2 cores)
    python3 scripts/learning_table.py --quick    # digits only
The suite table (scripts/learning_suite.py) is kept as it is in docs/learning.md.
    python3 scripts/learning_table.py --fresh    # rerun every row instead of reusing docs/results/learning.json
    python3 scripts/learning_table.py --cached-only   # write the document from the runs already recorded
Each run's JSON is kept in docs/results/learning.json (keyed by its command line), so the document
can be rebuilt without rerunning everything; each row's command is printed, so any number can be
rerun by hand.
"""
import json, os, platform, subprocess, sys, statistics, datetime

EDGE = ["dotnet", "host/bin/Release/net10.0/edge.dll"]
QUICK = "--quick" in sys.argv
CACHED_ONLY = "--cached-only" in sys.argv
RESULTS = "docs/results/learning.json"
CACHE = {} if "--fresh" in sys.argv or not os.path.exists(RESULTS) else json.load(open(RESULTS))


def run(args):
    key = " ".join(args)
    if key in CACHE:
        return CACHE[key]
    if CACHED_ONLY:
        return None
    cmd = EDGE + ["bench", "learn"] + args + ["--json"]
    print("$ edge bench learn " + key, file=sys.stderr, flush=True)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    CACHE[key] = json.loads(out)
    os.makedirs(os.path.dirname(RESULTS), exist_ok=True)
    with open(RESULTS, "w") as f:
        json.dump(CACHE, f, indent=1, sort_keys=True)
    return CACHE[key]


def fmt_cmd(args):
    return "`edge bench learn " + " ".join(args) + "`"


def seeds_row(label, args, seeds=(1, 2, 3)):
    results = [run(args + ["--seed", str(s)]) for s in seeds]
    if any(r is None for r in results):
        return {"label": label + " (not run yet)", "cmd": fmt_cmd(args + ["--seed", "S"]), "accs": [], "mean": float("nan"),
                "fixed": True, "passes": "", "state": "", "seconds": float("nan"), "arch": "", "epochs": ""}
    accs = [r["test_accuracy"] for r in results]
    r0 = results[0]
    return {
        "label": label, "cmd": fmt_cmd(args + ["--seed", "S"]), "accs": accs, "mean": statistics.mean(accs),
        "fixed": r0["fixed_point"], "passes": r0["forward_passes_per_sample"], "state": r0["state_bytes"],
        "seconds": statistics.mean(r["seconds"] for r in results), "arch": r0["arch"], "epochs": r0["epochs"],
    }


def table(rows, seeded=True):
    head = "| run | arch | fixed point | test accuracy % " + ("(seeds 1, 2, 3) | mean " if seeded else "") + "| passes/sample | state bytes | seconds | command |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        acc = ", ".join(f"{a:.2f}" for a in r["accs"])
        mid = f"| {acc} | **{r['mean']:.2f}** " if seeded else f"| **{r['mean']:.2f}** "
        lines.append(f"| {r['label']} | {r['arch']} | {'yes' if r['fixed'] else 'no (float)'} {mid}| {r['passes']} | {r['state']} | {r['seconds']:.1f} | {r['cmd']} |")
    return "\n".join(lines)


def machine():
    cpu = "unknown cpu"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}, Release build"


def main():
    sections = []
    for data, label in (("digits", "Digits, 64-32-10"), ("csv:../shared/data/vowel.csv", "Vowel (an untuned set), 9-128-11")):
        d = ["--data", data] + (["--hidden", "128"] if data != "digits" else [])
        rows = [
            seeds_row("ap at the defaults", d + ["--algo", "ap"]),
            seeds_row("ap, no step control", d + ["--algo", "ap", "--step-control", "off"]),
            seeds_row("ap, 8 units per perturbed loss (G = width / 8)", d + ["--algo", "ap", "--groups", "4" if data == "digits" else "16"]),
            seeds_row("ap, all units in one perturbed loss (G = 1)", d + ["--algo", "ap", "--groups", "1"]),
            seeds_row("ap, constant rate", d + ["--algo", "ap", "--lr-schedule", "constant"]),
            seeds_row("ap, central differences", d + ["--algo", "ap", "--central"]),
            seeds_row("ap, float twin", d + ["--algo", "ap", "--float"]),
            seeds_row("ap, ADC noise 2 LSB", d + ["--algo", "ap", "--adc-noise", "2"]),
            seeds_row("ap, 4 extra weight bits (no int32 masters)", d + ["--algo", "ap", "--extra-bits", "4"]),
            seeds_row("float backprop, Adam (the reference)", d + ["--algo", "bp"]),
            seeds_row("float backprop, SGD", d + ["--algo", "bp", "--optimizer", "sgd", "--lr-hidden", "0.1"]),
            seeds_row("weight perturbation", d + ["--algo", "wp"]),
            seeds_row("readout only (control)", d + ["--algo", "readout"]),
        ]
        sections.append(f"## What each part does: {label}\n\n" + table(rows))
        if QUICK:
            break

    if not QUICK:
        f = ["--data", "fashion14"]
        fashion = [
            seeds_row("ap at the defaults", f + ["--algo", "ap"], seeds=(1,)),
            seeds_row("ap, no step control", f + ["--algo", "ap", "--step-control", "off"], seeds=(1,)),
            seeds_row("ap, 8 units per perturbed loss (G = 16)", f + ["--algo", "ap", "--groups", "16"], seeds=(1,)),
            seeds_row("float backprop, Adam", f + ["--algo", "bp"], seeds=(1,)),
            seeds_row("readout only (control)", f + ["--algo", "readout"], seeds=(1,)),
        ]
        sections.append("## Fashion-MNIST 14x14, 196-128-10, seed 1\n\n" + table(fashion, seeded=False))
        deep = ["--data", "fashion14", "--hidden", "128,128"]
        local = [
            seeds_row("global activity perturbation", deep + ["--algo", "ap"], seeds=(1,)),
            seeds_row("local-loss activity perturbation", deep + ["--algo", "ap-local"], seeds=(1,)),
        ]
        sections.append("## Fashion-MNIST 14x14, 196-128-128-10: local losses, seed 1\n\n" + table(local, seeded=False))

    suite = ""
    if os.path.exists("docs/learning.md"):
        old = open("docs/learning.md").read()
        begin, end = "<!-- suite: generated by scripts/learning_suite.py -->", "<!-- /suite -->"
        if begin in old:
            suite = "## The suite: every data set at the defaults, beside a backprop peer\n\n" + old[old.index(begin):old.index(end) + len(end)] + "\n\n"
    with open("docs/learning.md", "w") as out:
        out.write(HEADER.format(date=datetime.date.today().isoformat(), machine=machine()))
        out.write(suite)
        out.write("\n\n".join(sections) + "\n")
        out.write(FOOTER)


HEADER = """# Learning without backprop, measured

Generated by `python3 scripts/learning_table.py` on {date} ({machine}).
Every number below is one `edge bench learn ... --json` run; the command is in each row (`S` is the seed).
Inputs reach every learner as 12-bit ADC codes (`--adc-bits 12`), noise-free unless a row says otherwise.
"Fixed point" rows are the device learners of Edge.Core (int16 Q3.12 weights with int32 Q3.28 masters,
Q4.11 activations, int64 accumulators); "float" rows are the same algorithm in float32 (same initial weights,
directions, order and batches) or float backprop. Passes/sample counts clean and perturbed forward passes
(a perturbed pass recomputes only the layers above the perturbed one). State bytes are the exact bytes of every
array the network and learner hold.

"""

FOOTER = """
## Notes
- Defaults per data set live in `host/Learn/LearnDefaults.cs`: digits ap uses 4 groups (5 passes per sample),
  σ = 0.05, hidden lr 0.03, output lr 0.1, mini-batch 16, 60 epochs; fashion14 ap uses 8 groups, σ = 0.01,
  hidden lr 0.02, output lr 0.3, 30 epochs, perturbing only units active on the sample (`--all-units` turns
  that off: it amounts to using ReLU's zero derivative, which a board with an unknown activation may not
  want) and a learning rate decaying linearly to 10 % (`--lr-schedule constant` turns that off).
- Forward differences against the clean pass (whose loss is computed anyway) are the default; `--central`
  switches to central differences at twice the passes.
- ap-local gives every hidden layer but the last a readout head on its normalised activations and perturbs its
  units one at a time (G = 128): each perturbed pass is only that head (128 × 10 multiply-accumulates) and a
  loss, where a global pass runs every layer above. Even so its 95 passes per sample took about 3.8 times global
  ap's wall time in an earlier, unpaused run; where that time goes has not been profiled yet.
- At hidden width 512 the default hidden learning rate (0.03, chosen on 32 units) makes ap unstable; at 0.01 it
  reaches 98.1 %. At that width a random hidden layer is already good (readout 98.1 %): the control separates
  learned from random features only for the narrow nets.
- Seconds are wall-clock on a machine shared with other jobs: read them as upper bounds. The rows were last
  regenerated (`--fresh`) after the int32 master weights began applying each mini-batch at once
  (docs/performance.md); during that run the job was paused at times (SIGSTOP) while timing benchmarks ran,
  which inflates the seconds of the Fashion rows most (ap-local's 471 s among them). Accuracies are deterministic.
"""

if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Regenerates docs/learning.md: runs `edge bench learn` for every row and writes the tables.

Usage (from the repository root, after `dotnet build Edge.sln -c Release`):
    python3 scripts/learning_table.py            # everything (about an hour on 2 cores)
    python3 scripts/learning_table.py --quick    # digits only
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
    d = ["--data", "digits"]
    digits = [
        seeds_row("float backprop (ceiling)", d + ["--algo", "bp"]),
        seeds_row("activity perturbation", d + ["--algo", "ap"]),
        seeds_row("activity perturbation, float twin", d + ["--algo", "ap", "--float"]),
        seeds_row("activity perturbation, ADC noise 2 LSB", d + ["--algo", "ap", "--adc-noise", "2"]),
        seeds_row("weight perturbation", d + ["--algo", "wp"]),
        seeds_row("readout only (control)", d + ["--algo", "readout"]),
    ]
    sections.append("## Digits, 64-32-10\n\n" + table(digits))

    budget = []
    for width in ([32, 128, 512]):
        h = ["--hidden", str(width)]
        budget.append(seeds_row(f"ap, G = 4 (5 passes), hidden {width}", d + ["--algo", "ap", "--groups", "4"] + h))
        budget.append(seeds_row(f"wp, K = 2 (5 passes), hidden {width}", d + ["--algo", "wp", "--k", "2"] + h))
        budget.append(seeds_row(f"readout, hidden {width}", d + ["--algo", "readout"] + h))
        if width == 512:   # the default hidden rate (0.03, chosen on 32 units) is too large for 512 units
            budget.append(seeds_row(f"ap, G = 4 (5 passes), hidden {width}, hidden lr 0.01", d + ["--algo", "ap", "--groups", "4", "--lr-hidden", "0.01"] + h))
    if not QUICK:
        f = ["--data", "fashion14", "--epochs", "5", "--all-units", "--lr-schedule", "constant"]
        budget.append(seeds_row("ap, G = 4 (5 passes), fashion14 hidden 128, 5 epochs", f + ["--algo", "ap", "--groups", "4"], seeds=(1,)))
        budget.append(seeds_row("wp, K = 2 (5 passes), fashion14 hidden 128, 5 epochs", f + ["--algo", "wp", "--k", "2"], seeds=(1,)))
        budget.append(seeds_row("readout, fashion14 hidden 128, 5 epochs", f + ["--algo", "readout"], seeds=(1,)))
    sections.append("## Activity vs weight perturbation at equal forward-pass budgets\n\n"
                    "Both perturb every hidden unit or weight (no active-only), same passes per sample. Digits rows over\n"
                    "seeds 1, 2, 3 and the default 60 epochs; Fashion rows seed 1 and 5 epochs (weight perturbation\n"
                    "nudges all 25k hidden weights twice per direction, which makes 30 epochs slow).\n\n" + table(budget))

    if not QUICK:
        f = ["--data", "fashion14"]
        fashion = [
            seeds_row("float backprop (ceiling)", f + ["--algo", "bp"], seeds=(1,)),
            seeds_row("activity perturbation", f + ["--algo", "ap"], seeds=(1,)),
            seeds_row("activity perturbation, float twin", f + ["--algo", "ap", "--float"], seeds=(1,)),
            seeds_row("activity perturbation, all units perturbed", f + ["--algo", "ap", "--all-units"], seeds=(1,)),
            seeds_row("activity perturbation, all units, constant rate", f + ["--algo", "ap", "--all-units", "--lr-schedule", "constant"], seeds=(1,)),
            seeds_row("readout only (control)", f + ["--algo", "readout"], seeds=(1,)),
        ]
        sections.append("## Fashion-MNIST 14x14, 196-128-10, 30 epochs, seed 1\n\n" + table(fashion, seeded=False))
        deep = ["--data", "fashion14", "--hidden", "128,128"]
        local = [
            seeds_row("global activity perturbation", deep + ["--algo", "ap"]),
            seeds_row("local-loss activity perturbation", deep + ["--algo", "ap-local"]),
        ]
        sections.append("## Fashion-MNIST 14x14, 196-128-128-10: local losses\n\n" + table(local))

    with open("docs/learning.md", "w") as out:
        out.write(HEADER.format(date=datetime.date.today().isoformat(), machine=machine()))
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

#!/usr/bin/env python3
"""Regenerates docs/learning.md: runs `edge bench learn` for every row and writes the tables.

Usage (from the repository root, after `dotnet build Edge.sln -c Release`):
    python3 scripts/learning_table.py            # everything (about an hour on 2 cores)
    python3 scripts/learning_table.py --quick    # digits only
The tables scripts/learning_suite.py writes (the suite, and the sets outside it: learning_suite.TABLES) are kept as they are in docs/learning.md.
    python3 scripts/learning_table.py --fresh    # rerun every row instead of reusing docs/results/learning.json
    python3 scripts/learning_table.py --cached-only   # write the document from the runs already recorded
Each run's JSON is kept in docs/results/learning.json (keyed by its command line), so the document
can be rebuilt without rerunning everything; each row's command is printed, so any number can be
rerun by hand.
"""
import json, os, platform, subprocess, sys, statistics, datetime

from learning_suite import TABLES, block   # the generated tables and their markers, said once

EDGE = ["dotnet", "host/bin/Release/net10.0/edge.dll"]
QUICK = "--quick" in sys.argv
CACHED_ONLY = "--cached-only" in sys.argv
RESULTS = "docs/results/learning.json"
CACHE = {} if "--fresh" in sys.argv or not os.path.exists(RESULTS) else json.load(open(RESULTS))


# the ap learner alone, without the default run's held-out choice between ap and readout: what its parts do
AP_ALONE = ["--algo", "ap", "--no-choice"]


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
            seeds_row("ap, no step control", d + AP_ALONE + ["--step-control", "off"]),
            seeds_row("ap, 8 units per perturbed loss (G = width / 8)", d + AP_ALONE + ["--groups", "4" if data == "digits" else "16"]),
            seeds_row("ap, all units in one perturbed loss (G = 1)", d + AP_ALONE + ["--groups", "1"]),
            seeds_row("ap, constant rate", d + AP_ALONE + ["--lr-schedule", "constant"]),
            seeds_row("ap, central differences", d + AP_ALONE + ["--central"]),
            seeds_row("ap, float twin", d + AP_ALONE + ["--float"]),
            seeds_row("ap, ADC noise 2 LSB", d + AP_ALONE + ["--adc-noise", "2"]),
            seeds_row("ap, 4 extra weight bits (no int32 masters)", d + AP_ALONE + ["--extra-bits", "4"]),
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
            seeds_row("ap, no step control", f + AP_ALONE + ["--step-control", "off"], seeds=(1,)),
            seeds_row("ap, 8 units per perturbed loss (G = 16)", f + AP_ALONE + ["--groups", "16"], seeds=(1,)),
            seeds_row("float backprop, Adam", f + ["--algo", "bp"], seeds=(1,)),
            seeds_row("readout only (control)", f + ["--algo", "readout"], seeds=(1,)),
        ]
        sections.append("## Fashion-MNIST 14x14, 196-128-10, seed 1\n\n" + table(fashion, seeded=False))
        deep = ["--data", "fashion14", "--hidden", "128,128"]
        local = [
            seeds_row("global activity perturbation", deep + AP_ALONE, seeds=(1,)),
            seeds_row("local-loss activity perturbation", deep + ["--algo", "ap-local"], seeds=(1,)),
        ]
        sections.append("## Fashion-MNIST 14x14, 196-128-128-10: local losses, seed 1\n\n" + table(local, seeded=False))

    # the tables scripts/learning_suite.py writes (the suite, and with --outside the sets outside it) are kept as they are
    generated = ""
    old = open("docs/learning.md").read() if os.path.exists("docs/learning.md") else ""
    for name, (heading, _) in TABLES.items():
        _, begin, end = block(name)
        if begin in old:
            generated += f"## {heading}\n\n" + old[old.index(begin):old.index(end) + len(end)] + "\n\n"
    with open("docs/learning.md", "w") as out:
        out.write(HEADER.format(date=datetime.date.today().isoformat(), machine=machine()))
        out.write(generated)
        out.write("\n\n".join(sections) + "\n")
        out.write(FOOTER)


HEADER = """# Learning without backprop, measured

Generated by `python3 scripts/learning_table.py` (the suite by `python3 scripts/learning_suite.py`) on {date} ({machine}).
Every number below is one `edge bench learn ... --json` run; the command is in each row (`S` is the seed).
Inputs reach every learner as 12-bit ADC codes (`--adc-bits 12`), noise-free unless a row says otherwise.
"Fixed point" rows are the device learners of Edge.Core (int16 Q3.12 weights with int32 Q3.28 masters, Q(3+e).(12−e)
in a layer whose weights outgrew ±8, Q4.11 activations, int64 accumulators); "float" rows are the same algorithm in float32 (same initial weights,
directions, order and batches) or float backprop. Passes/sample counts clean and perturbed losses evaluated.
State bytes are the exact bytes of every array the network and learner hold.

## The default learner, in one paragraph
`ap` measures every hidden unit alone where a digital linear head lies above it (one hidden layer, or local
losses): the board nudges every unit's pre-activation by ±σ at once, reads each unit's own response Δh_i through
its real nonlinearity, and the head's logits move by Δh_i · W[:, i] (a column pass: a whole layer costs one head
pass of multiply-accumulates), so each unit's loss difference carries no other unit's noise. Its steps go through
on-device step control (`shared/Learning/StepControl.cs`): each unit's estimate divided by the running RMS of its
own estimates, clipped at 4 RMS, and each layer's weight steps scaled by a power of two near 1/RMS of its input
(a hidden layer's halved again while a mini-batch of agreeing steps would move every sample's summed input alike by
more than ½ beyond what it moves the stepped samples' own: many dense inputs of one sign would otherwise push whole
layers dead); 12 bytes per unit. The defaults (`host/Learn/LearnDefaults.cs`) look only at sizes and a budget: hidden width
half the inputs (32 to 128), epochs from 4 million training samples (at most 200), the rate 6.4/√(mini-batches of
the run) within [0.005, 0.1] (the step size a fixed budget of T stochastic steps calls for: 0.05 on digits, 0.013
on fashion14), σ = 0.05, mini-batch 16, linear decay to 10 %. Nothing depends on the data set's name.

One model choice comes first (`host/Learn/HeldOutChoice.cs`): ap and readout, the control whose hidden layer stays
random, each learn three quarters of the training split at the defaults those rows call for and are scored on the
last quarter; the run then learns the whole split with readout unless ap scored higher. On small noisy sets, where a
trained hidden layer overfits, this keeps the default from ending below its own control; digits, fashion14 and every
larger set pick ap, with the same weights as before. It costs the two trials, each on three quarters of the rows
and within a third of a run's sample budget (`heldout_choice` in the JSON; `--no-choice` skips it), and `edge train`
makes the same choice on the board for an ap model that has learned nothing yet. The tables' ap rows are the default
runs, choice included; the ablations below are the learner alone (`--no-choice`).

"""

FOOTER = """
## On a board: what the bench measures is what a board does
`edge flash sim:PROFILE#1 --data D --seed S` gives the board bench learn's network and defaults for D (`--arch A` another network), and
`edge train sim:PROFILE#1 --data D` runs the same schedule on the board (SET_RATES before every epoch), its inputs
read through the board's own simulated analog path:
- digits 64-32-10 on `sim-digits#1`, seeds 1–3: **98.0, 98.2, 98.0 %**, mean **98.07 %** against bench learn's
  98.27 % (0.20 points; bar 0.5).
- fashion14 196-128-10 on `sim-fashion#1`, seeds 1–3: **87.97, 88.27, 88.36 %**, mean **88.20 %** against bench
  learn's 88.68 % (**0.48 points: within the 0.5 bar by 0.02**; per seed 0.74, 0.46, 0.23), 66 epochs, 3.96 M samples
  each, each with its own `--flash-dir`.
- Both boards made the held-out choice first and picked ap on every seed (digits: 96.6–96.9 % against readout's
  84.6–89.5 % on the held-out quarter; fashion14: 88.4–88.6 % against 82.7–83.6 %), as bench learn does. The run after
  it is not bit-identical to a board's run without it: the simulated analog path's noise goes on from where the
  trials left it, as a real board's would. Before the choice the boards gave 97.93 % (digits) and 87.95, 88.35,
  88.26 % (fashion14, mean 88.19). A board's run with the choice took 4.1 s (digits) and 115–164 s (fashion14), of
  which the trials 2.6 s and 44–95 s.

## What was measured on the way, kept or dropped
- **Every unit alone (kept).** With G groups of units sharing one loss, each estimate carries the other units' noise:
  on vowel 9-128-11 G = 1 gave 79.9 %, G = 16 92.0 %, every unit alone 94.6 % (means of seeds 1–3); fashion14
  196-128-10 needs every unit alone for 88 % (G = 16: 87.8 %, seed 1). Column passes make this cheap in
  multiply-accumulates (about 2.1 forward passes per training sample in all, see the suite's MACs column).
- **Step control (kept).** The old defaults (a constant rate, no normalisation, picked on digits) gave vowel 61.5 %
  and glass 45.3 %; per-unit RMS normalisation with one rate for every set is what made the untuned sets work.
  Normalising by each sample's squared estimate needs a larger rate than Adam's (0.05, not 0.001): a
  per-sample RMS is about √B times a mini-batch gradient's.
- **A bound on a hidden layer's common move (kept).** On 300 dense features scaled into [0, 1] ("wide", outside the
  suite) the default collapsed to one class from the first epoch, in float as in fixed point (17.47 %; the peer
  44.89 %). A step along ĝ·x_s moves every sample's summed input by ĝ·(x_s·x'): with x = μ·1 + d (μ the mean input
  value), a common part n·μ², alike for every sample, and the stepped sample's own part, n·(ms − μ²) on average (ms
  the mean square). On wide the common part dominates (lr · n · μ² · 2^k ≈ 2.9 per mini-batch of agreeing steps, 2^k
  the input scale, against about 0.2 of own part), so a batch moves every unit for every sample alike, and a unit
  pushed dead gets no estimate again. Step control now halves a hidden layer's weight steps until the common part
  exceeds the own part by at most ½ (`StepControl.StepFrac`; μ from every sample's Σx, in the same pass as the mean
  square). On the suite's inputs and the boards' the own part is the larger: nothing is halved and every result is
  bit-identical to before (the learner's golden hash is unchanged). Measured on the way: a bound on the
  common part alone (lr · n · μ² · 2^k ≤ ½; a scan of the limit found 1 too loose for wide and ¼ costly for digits)
  also bound digits, fashion14 and dna (means within 0.13 points) but failed the transfer bars
  (`scripts/transfer_bars.py --no-fashion`: sim-digits #5 → #6 seed 3 at 0.9877 and sim-analog-neurons #7 → #8 seed 3
  at 0.9856, bar 0.99; 0.9938 and 0.9918 without it), the boards' offsets making their inputs more alike; bounding
  the output layer too (its summed inputs are the logits, which cannot die) cost vowel 9-128-11 3 points of readout
  and 3.8 at G = 16; and μ measured on each mini-batch's first sample only over-estimated μ² in the first batches and
  changed vehicle on seed 1 (ap-local 128: 85.31 → 81.52).
- **The rate from the budget (kept).** One rate did not serve all: 0.05 gave digits 98.3 % but fashion14 87.6 %;
  0.02 gave fashion14 88.7 %. 6.4/√T (T mini-batches) gives each its rate from the budget alone.
- **Dropped, no gain:** weight decay (w −= w·2^−14 per batch: within noise; 2^−12 cost vowel 8 points), a lower
  hidden than output rate (pima, glass, vowel within noise), mini-batch 64 and σ = 0.01 (spam within 0.3).
- **Not measured this time:** layer-wise decorrelation of each layer's input (Dalm, Ahmad, van Gerven 2023) and local
  losses on blocks of units within one layer; the per-unit column passes left little estimator noise to remove
  for one hidden layer.

## σ, and the sets outside the suite
`/usr/bin/python3 scripts/outside_sets.py DIR` writes seven sets the suite never saw: scikit-learn's bundled iris, wine
and breast cancer ("cancer"), and four synthetic ones (`make_classification`, fixed seeds): 20 classes ("many"),
40 classes ("forty"), 300 dense features ("wide") and a 90/7/3 imbalance; `scripts/learning_suite.py --outside DIR`
measures them as the suite (the generated table above). The σ scan below was measured on 2026-12-02 (the bound on a
hidden layer's common move changes none of its rows), before weight exponents: its many and forty rows, its readout
column and fashion14 are from before them (the generated tables above have the current figures). Each cell is the mean of seeds 1–3 of
`edge bench learn --data D --algo ap --hidden H --seed S` (with `--sigma X` in the σ columns), beside the peer and readout.

| data | hidden | peer | ap σ 0.05 (default) | σ 0.1 | σ 0.2 | readout |
|---|---|---|---|---|---|---|
| digits | 32 | 97.67 | 98.27 | 97.93 | 98.20 | 89.87 |
| digits | 128 | 97.67 | 98.33 | 98.40 | 98.27 | 97.73 |
| fashion14 | 32 | 87.22 | 86.85 | 86.80 | 86.99 | 71.63 |
| fashion14 | 128 | 88.19 | 88.58 | 88.56 | 88.55 | 80.68 |
| dna | 32 | 94.60 | 95.06 | 95.18 | 95.43 | 65.58 |
| dna | 128 | 95.48 | 95.81 | 95.81 | 95.69 | 83.63 |
| glass | 32 | 59.75 | 60.38 | 59.75 | 61.01 | 60.38 |
| glass | 128 | 60.38 | 62.89 | 64.15 | 64.15 | 62.26 |
| pima | 32 | 75.52 | 75.87 | 76.39 | 75.00 | 74.48 |
| pima | 128 | 74.13 | 75.17 | 75.87 | 75.87 | 77.26 |
| shuttle | 32 | 99.64 | 99.22 | 99.03 | 98.22 | 94.10 |
| shuttle | 128 | 99.58 | 99.37 | 99.42 | 98.66 | 97.36 |
| spam | 32 | 95.62 | 94.20 | 94.35 | 94.11 | 85.19 |
| spam | 128 | 95.19 | 94.03 | 94.49 | 94.17 | 92.35 |
| vehicle | 32 | 83.10 | 85.15 | 85.15 | 84.36 | 77.41 |
| vehicle | 128 | 83.09 | 84.05 | 84.83 | 84.52 | 81.52 |
| vowel | 32 | 77.73 | 86.91 | 87.45 | 86.23 | 58.57 |
| vowel | 128 | 85.70 | 94.60 | 94.74 | 95.28 | 80.16 |
| many (outside) | 32 | 77.13 | 71.45 | 73.55 | 74.29 | – |
| many (outside) | 128 | 87.33 | 85.04 | 85.91 | 86.62 | – |
| wine (outside) | 32 | 96.97 | 97.73 | 97.73 | 97.73 | 99.24 |
| wine (outside) | 128 | 97.73 | 97.73 | 97.73 | 97.73 | 96.97 |
| cancer (outside) | 32 | 97.89 | 97.18 | 97.18 | 97.18 | 97.42 |
| cancer (outside) | 128 | 97.42 | 97.65 | 97.18 | 97.42 | 97.65 |
| iris (outside) | 32 | 90.99 | 94.59 | 94.59 | 94.59 | 94.59 |
| iris (outside) | 128 | 94.59 | 94.59 | 94.59 | 94.59 | 93.69 |

- **iris, wine, cancer: within 2 points of the peer.** Before the held-out choice ap was below readout by less than one
  test row at cancer H=32 and wine H=32 (97.73 against 99.24: 44 rows); wine now learns with readout on every seed
  (99.24 % at H=32), while cancer H=32 is still a third of a test row below readout (97.18 against 97.42: 142 test
  rows), its choice picking ap on every seed (99.07 % on the held-out quarter against readout's 93–96 %).
- **many (20 classes) and forty (40 classes) were a fixed-point range limit, not the estimator; per-layer weight
  exponents cured it (kept).** Before them, ap missed the peer by 5.7 points on many H=32 (71.45 %), 2.3 on many H=128
  (85.04 %) and 26.7 on forty H=32 (51.20 % against 77.91 %), where the same learner in float (`--float`, same
  directions, order and batches) reached 78.54, 88.75 and 78.53 %. The trained output weights sat at Q3.12's ±8:
  seed 1 left 73 of many's 640 output weights saturated (readout: 24), 54 % of forty's H=32 output weights and 3 % of
  its hidden ones, where digits' largest weight is 2.6. Step control moves every weight by about the rate whatever
  the gradient, so weights that must be large grow until the int16 saturates, and the saturated layer then degrades.
  A whole-network Q6.9 (±64) lifted readout but cost the hidden layers precision (digits ap 95.8 %). The fix is
  CMSIS-NN's per-layer shift: each layer has a weight exponent e and is Q(3+e).(12−e); when a commit leaves a weight
  or bias at the end of the int16 range, the layer's store halves every value (and its masters) and raises e, up to
  Q7.8 (`shared/Learning/WeightStore.cs`; `Network.WeightExponents`; the dense kernel, the column passes and their
  twins shift by 12 − e). The image keeps the exponents (a u16 at offset 46, format version 2 only when one is not 0),
  GET/PUT_WEIGHTS carry them (protocol version 2), and weights files, transfers and `bench learn --out` keep them.
  A layer that never reaches the end stays Q3.12 bit for bit (the learner's golden hash is unchanged; so are digits'
  default rows and its boards). Now (means of seeds 1–3, table above): many **78.22** (H=32) and **88.60** (H=128)
  against the peer's 77.13 and 87.33; forty **77.91** and **84.98** against 77.91 and 78.84. A synthetic 40-class set
  in the tests (`WeightExponentTests`, 16-8-40) went from 19.25 % to 87.75 % (its float twin: 86.75 %). The 26-class
  set shaped like UCI's letter recognition measured before (ap 82.24 %, float twin 87.76 %, peer 87.48 %, seed 1) was
  scratch and is not re-measured. Other rows it moved: fashion14 ap +0.10 (88.68), readout on fashion14 +1.5 and on
  many and forty by 10 to 40 points, imbalanced and wide within 0.5.
- **Ten more UCI sets (`Rscript scripts/uci_sets.R DIR`, the generated table above):** letter recognition (20,000
  rows, 26 classes), satellite, sonar, ionosphere (a constant feature), breast cancer (Wisconsin, original), musk,
  zoo, soybean (15 classes, the smallest of 20 rows), the 1984 house votes (yes/no answers) and the insurance set
  ticdata (9,822 rows, 6 % positives), exported from mlbench and kernlab as ../shared/data's sets are, none of them
  ever run before the defaults were settled. Every row is within 2 points of the peer (mean gap −0.12 over 20 rows);
  letter at H=32, where the output weights need exponents, reaches 83.64 % against the peer's 84.59 % (the saturating
  build before them: 75.5 %, seed 1). Every row meets the bars since the held-out choice: breastcancer and ticdata,
  below readout before it (96.88 against 97.66 at H=128; 93.19 and 93.09 against 93.39 and 93.29), learn with readout
  on every seed; so do zoo H=128 and most of votes, where both tie.
- **Eight synthetic problems (`Rscript scripts/synthetic_sets.R DIR`, the generated table above):** mlbench's
  generators, 1,000 rows each from `set.seed(1)`: shapes no table of real data has (two spirals, a circle and xor in the
  plane, six overlapping Gaussians) and Breiman's noisy Gaussian problems (ringnorm, twonorm and threenorm in 20
  dimensions, waveform in 21), measured after the defaults were settled. Every row is within 2 points of the peer
  (mean gap −0.71 over 16 rows); on the spirals at H=32 ap reaches 99.47 % against the peer's 92.27 %. Short:
  normals6 and twonorm at H=128, ap below readout by a third of a test row each (below). An earlier draw of threenorm (the same generator called in
  another order) put ap 2.4 points below the peer at H=32 (85.33 against 87.73, seeds 1–3): ap's test accuracy peaked
  at 87.6–88 % around epoch 10–20 and fell as its training accuracy rose to 91 % (98 % at H=128); the peer stops at
  82 % on its training rows. How far a small noisy set is from its bar depends on the draw as much as on the learner.
- **wide (300 dense features) no longer collapses:** 47.29 % at H=32 and 49.74 % at H=128 (50.18 before weight exponents), above the peer's 44.89 and
  45.02 (it was 17.47 %, one class, in float as in fixed point, before the bound above).
- **A heavy-tailed set (seed 1, not kept):** 24 features of which half are exp(1.5·x), min-max scaled, so most values
  sit near 0: ap 59.2 % against the peer's 62.5 %, but edge's own float Adam gets 59.3 % and the float twin 59.1 %, with
  `--adc-bits 16` too: not the learner, but 200 epochs of Adam at 0.001 against scikit-learn's 882 iterations.
- **Centred steps (`--centred-steps`, kept as an option, not the default).** Each hidden layer steps along its input
  minus the input's running mean (`shared/Learning/InputCentring.cs`, 4 bytes per input, flags bit 6 on a board). Means
  of seeds 1–3, `edge bench learn --data D --algo ap --hidden H --seed S --centred-steps`, against the defaults, both
  measured before the bound on the common move (which now cures wide without them, and changes no other default here)
  and before weight exponents (which lift many and forty far above both columns):

  | data | H | default | centred steps | | data | H | default | centred steps |
  |---|---|---|---|---|---|---|---|---|
  | wide (outside) | 32 | 17.47 | **48.13** | | fashion14 | 32 | 86.85 | **84.01** |
  | wide (outside) | 128 | 17.47 | **50.67** | | fashion14 | 128 | 88.58 | **85.45** |
  | many (outside) | 128 | 85.04 | 88.07 | | vowel | 32 | 86.91 | 85.56 |
  | glass | 128 | 62.89 | 67.30 | | vehicle | 32 | 85.15 | 84.04 |
  | vehicle | 128 | 84.05 | 86.10 | | forty (outside) | 32 | 48.40 (seed 1) | 50.13 |
  | digits | 32 | 98.27 | 98.53 | | many (outside) | 32 | 71.45 | 73.07 |

  (dna, pima, shuttle, spam, vowel H=128, digits H=128 and the bundled sets within 0.7 points either way.) It cured the
  wide collapse and costs fashion14 about 3 points (taking the input scale from the centred input as well did not
  change that: 83.61 % at H=32, seed 1), so it cannot be the default as it is. Centring the output layer's
  steps too lifted "many" H=32 to 79.8 % and "forty" H=32 to 78.0 % (seed 1, a scratch build) but made readout collapse
  on pima, vehicle and vowel (48–52 %). Not the missing bias term of the centred parametrisation alone: moving the bias
  masters by −ΔW·mean as well (a scratch build) did not cure it. Why, and why fashion14 loses, is open.
- **σ is not the lever.** Before weight exponents a larger σ lifted "many" (73.55 at 0.1, 74.29 at 0.2, H=32), though its
  output weights saturated as often (77 of 640 at 0.2, seed 1), and costs shuttle a point at 0.2; elsewhere the three are within
  noise. The default stays 0.05.

## What falls short
- **Three rows of the generated tables are below readout, each by a third of a test row on average** (one seed of three
  on the other side): normals6 2-128-6 (synthetic: 74.00 against 74.27, 250 test rows), twonorm 20-128-2 (synthetic:
  97.33 against 97.47) and cancer 30-32-2 (outside: 97.18 against 97.42, 142 rows). All three are within a point of
  the peer. Here the choice is as noisy as the tie it settles: it scores on a quarter of the training split, 187 rows
  on the synthetic sets, where one row is half a point, and on cancer H=32 ap led readout by 3–6 points on the
  held-out rows of every seed. Before the choice eight rows were below readout (pima H=128 by 2.1 points, 4 of 192
  test rows, breastcancer H=128, ticdata at both widths, waveform H=128 by 1.6, normals6 H=128, cancer and wine H=32);
  the suite, which was short on pima H=128, now meets every per-row bar, and its mean gap is −1.41 (−1.38 before:
  pima H=128 gains 2.1 points, H=32 loses 1.4, where readout's 74.48 is chosen on every seed against ap's 75.87).
- **The choice's price:** two trials on three quarters of the rows, each within a third of a run's sample budget
  (`HeldOutChoice.TrialSampleBudget`): on digits 64-32-10 the trials take 0.78 s beside the run's 0.38 s (2 times
  the run; seeds 1–3, `heldout_choice.seconds`), on fashion14 196-128-10 9–14 s beside 14–17 s (the cap shortens its
  trials to 29 epochs). `edge train` pays the same on a board, in samples a board wears with: sim-fashion's life of
  10 million operations did not hold fashion14's two full-length trials and its run, which is why the cap exists. A
  choice that costs less (stopping the trials early, or learning ap and readout side by side in one pass, since a
  readout is ap's output layer over the initial hidden layer) is the next thing to try, measured on the same rows.
- **The held-out choice's rules, measured before it was built (`heldout_choice.py`, since removed: the choice is now
  the default and the tables above measure it).** Each set's training split was exported and split again by
  `bench learn` itself (three quarters to learn, the rest to compare, features rescaled on the three quarters); the
  picked learner's whole-split result counted. On the 60 rows of the generated tables' CSV sets (all but shuttle and
  letter), rows short of a bar and mean gap to the peer: ap always 8, −1.00; readout when better 6, −0.98 (ringnorm
  H=128 fell below readout and soybean H=128 2.14 below the peer); readout when better by a point 7; **readout when
  not worse (ties to readout) 4, −0.96**, the rule built. The built choice splits the rows with its own seeded
  shuffle and keeps the training split's scaling (a board cannot rescale what its ADC reads), so its picks differ
  from that measurement on a few rows: 3 rows short instead of 4.
- **A cap on the rate did not cure the ties with readout (before the choice).** Small training splits get the largest rates (6.4/√T
  for T mini-batches: 0.075 on pima, 0.05 on digits). With both rates held at 0.05 (`--lr-hidden 0.05 --lr-output 0.05`,
  seeds 1–3, ap against readout): pima H=128 75.69 / 76.39 and normals6 H=128 74.00 / 73.87, but waveform H=128 still
  80.00 / 81.87 and breastcancer H=128 97.08 / 97.47; iris H=32 falls to 94.59 / 95.49, wine H=32 to 96.97 / 99.24,
  threenorm to 87.47 (H=32) and 87.20 (H=128) from 88.27, vowel by 0.5–0.8 and glass H=32 by 1.3 (59.12). At 0.04 and
  0.03 pima H=128 ties or passes readout (75.52 / 75.52, 76.39 / 75.17) and threenorm H=128 falls below it (86.27 /
  86.80, 86.53 / 86.93). Each of these rows is one or two test rows either way, and the side readout lands on moves
  with the rate, the seed and the draw.
- **Nor did anything else tried on pima before the choice** (ap 75.17 % against readout's 77.26 % at H=128, both
  above the peer's 74.13 %): on this small, noisy set a fixed random layer with a trained readout generalises better
  than a trained hidden layer. Keeping the epoch best on a held-out fifth, for ap and readout alike (a scratch build),
  tied them on pima H=128 (73.44 each) but cost ap 1.6–3.8 points on vowel, vehicle and glass H=128; fewer epochs
  (100 or 50) left pima within its noise and cost vowel up to 6.5 points; Gaussian noise of 40 or 160 LSB on the
  training reads left it at 75.35 / 75.00 and cost vehicle 4 points at 160. Every learner on ticdata is below
  answering the majority class alone (about 94 %): there too, what generalises best is the model that fits least.
- **spam:** ap 94.2 / 94.0 % is within 2 points of the peer (95.6 / 95.2 %) but 1.2–1.4 below it and about 1.2 below
  edge's own float Adam (95.5 / 95.3 %), though ap's estimates are exact to the loss's resolution: the difference is
  in the step rule (per-unit RMS without momentum, against Adam's per-weight moments).
- **Deep global ap at a high rate:** 196-128-128-128-10 on fashion14 at 5 epochs, whose budget rule gives rate 0.052,
  saturates to 10 % (at the full budget's 0.013 it learns: 82.9 % after 5 epochs). Groups of about 20 units through
  two further hidden layers make noisy estimates that a large normalised step turns into large moves; `ap-local` is
  the learner for deep nets (docs/seed.md, local-losses).
- Seconds are wall-clock on a machine shared with other jobs (load averages of 5–10 during these runs): read them
  as upper bounds. Accuracies are deterministic.
"""

if __name__ == "__main__":
    main()

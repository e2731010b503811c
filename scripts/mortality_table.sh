#!/usr/bin/env bash
# Reruns the digits experiments of docs/mortality.md and prints their numbers (Release build first).
set -euo pipefail
cd "$(dirname "$0")/.."
export EDGE_HOME=$(mktemp -d)
edge() { dotnet host/bin/Release/net10.0/edge.dll "$@"; }
acc() { python3 -c 'import json,sys; print(json.load(sys.stdin)["test_accuracy"])'; }
for seed in 1 2 3; do
  rm -rf "$EDGE_HOME/boards"
  edge flash sim:sim-digits#1 --arch 64-32-10 --seed $seed --json >/dev/null
  own=$(edge train sim:sim-digits#1 --data digits --json | acc)
  edge weights get sim:sim-digits#1 --out "$EDGE_HOME/board1.edgw" --json >/dev/null
  copies=""
  for serial in 2 3 4 5 6; do
    edge flash sim:sim-digits#$serial --arch 64-32-10 --seed $seed --json >/dev/null
    edge weights put sim:sim-digits#$serial "$EDGE_HOME/board1.edgw" --json >/dev/null
    copies="$copies $(edge eval sim:sim-digits#$serial --data digits --json | acc)"
  done
  recovered=$(edge train sim:sim-digits#2 --data digits --json | acc)
  echo "seed $seed: own $own | copies on boards 2..6:$copies | board 2 after training: $recovered"
done
# analog neurons: float backprop on the ideal model, put on each board, against ap trained on that board (seed 1)
rm -rf "$EDGE_HOME/boards"
dotnet host/bin/Release/net10.0/edge.dll bench learn --data digits --algo bp --seed 1 --out "$EDGE_HOME/bp.edgw" --json >/dev/null
for serial in 1 2 3; do
  edge flash sim:sim-analog-neurons#$serial --arch 64-32-10 --seed 1 --json >/dev/null
  edge weights put sim:sim-analog-neurons#$serial "$EDGE_HOME/bp.edgw" --json >/dev/null
  bp=$(edge eval sim:sim-analog-neurons#$serial --data digits --json | acc)
  edge flash sim:sim-analog-neurons#$serial --arch 64-32-10 --seed 1 --json >/dev/null
  ap=$(edge train sim:sim-analog-neurons#$serial --data digits --json | acc)
  echo "sim-analog-neurons#$serial: bp weights $bp | ap on the board $ap"
done

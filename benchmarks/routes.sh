#!/usr/bin/env bash
# Issue 17: the bill run on a 21-route reading schedule against the same utility billed by calendar month.
# December is billed first (untimed), so that January's timed runs compare with a stored bill, as every month after
# the first does. Usage: benchmarks/routes.sh [premises]   (default 10,000; Release build; prints the /usr/bin/time
# lines and each run's JSON)
set -euo pipefail
premises=${1:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
dotnet build "$root/src/UtilityInsights.Cli" -c Release -nologo -v quiet >/dev/null
cli="dotnet $root/src/UtilityInsights.Cli/bin/Release/net10.0/utility-insights.dll"
work=$(mktemp -d /tmp/ui-routes-XXXX)
for kind in routes calendar; do
  mkdir -p "$work/$kind/prep" && cd "$work/$kind/prep"
  flag=""; [ "$kind" = calendar ] && flag="--calendar-months"
  /usr/bin/time -f "prepare $kind: %e s %M KB" $cli demo --premises "$premises" --prepare-only $flag >/dev/null
  rm -f out/sample/interval-reads.csv
  $cli cohorts train >/dev/null
  $cli billrun --cycle 2025-12 --hold-ceiling 100000 >/dev/null
  for r in 1 2; do mkdir -p "$work/$kind/$r" && cp utility-insights.db "$work/$kind/$r/"; done
done
# Alternating, so that neither kind runs only while the machine is warm.
for r in 1 2; do
  for kind in calendar routes; do
    cd "$work/$kind/$r"
    /usr/bin/time -f "billrun $kind #$r: %e s (user %U s, sys %S s) %M KB" $cli billrun --cycle 2026-01 --json > run.json
    echo "$kind #$r: $(tr -d '\n ' < run.json | head -c 200)"
  done
done
rm -rf "$work"

#!/usr/bin/env bash
# Issue 18, part 1: program evaluate on a generated sample with a planted saving.
# Usage: benchmarks/program.sh [HOMES] [EFFECT]   (defaults 2000 and 3)
# Generates HOMES homes over 2025 with a program from July (EFFECT % saved by treatment), loads them
# into a fresh SQLite file, imports the sample's assignment, then times `program evaluate` three times.
set -euo pipefail
homes=${1:-2000}
effect=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
dotnet build "$root/src/UtilityInsights.Cli" -c Release -v q -nologo >/dev/null
cli=(dotnet "$root/src/UtilityInsights.Cli/bin/Release/net10.0/utility-insights.dll")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"${cli[@]}" samples generate --premises "$homes" --months 12 --start 2025-01 --seed 7 --out s --program-start 2025-07-01 --treatment-effect "$effect" >/dev/null
"${cli[@]}" accounts import s/accounts.csv >/dev/null
"${cli[@]}" premises import s/premises.csv >/dev/null
"${cli[@]}" ingest --create-meters s/interval-reads.csv s/register-reads.csv >/dev/null 2>&1 || true
"${cli[@]}" program import --name planted --start 2025-07-01 --assignments s/program-assignments.csv >/dev/null
for run in 1 2 3; do
  /usr/bin/time -f "evaluate $run: %e s, %M KB peak" "${cli[@]}" program evaluate --name planted --json > eval.json
done
python3 -c "import json; d=json.load(open('eval.json')); print('savings', d['savings_percent'], '% ci95', d['ci95'], 'homes', d['homes'])"

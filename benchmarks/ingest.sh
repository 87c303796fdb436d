#!/usr/bin/env bash
# End-to-end benchmark of `ingest`: about 5.1 M hourly reads for 6,850 meters (one month of a
# generated 8,560-premise territory) from CSV, validated and stored in a fresh SQLite file.
# Prints wall time and peak memory of the ingest alone. Usage: benchmarks/ingest.sh [PREMISES] [MONTHS]
set -euo pipefail
cd "$(dirname "$0")/.."
premises=${1:-8560}; months=${2:-1}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
dotnet build src/UtilityInsights.Cli -c Release -nologo -v quiet >/dev/null
cli="dotnet $PWD/src/UtilityInsights.Cli/bin/Release/net10.0/utility-insights.dll"
cd "$work"
$cli samples generate --premises "$premises" --months "$months" --seed 42 --out s >/dev/null
$cli accounts import s/accounts.csv >/dev/null
$cli premises import s/premises.csv >/dev/null
echo "reads in file: $(($(wc -l < s/interval-reads.csv) - 1))"
/usr/bin/time -f "ingest: wall %e s, peak RSS %M KiB" $cli ingest s/interval-reads.csv --create-meters --json > first.json
/usr/bin/time -f "re-import: wall %e s, peak RSS %M KiB" $cli ingest s/interval-reads.csv --json > second.json
python3 -c "import json; d=json.load(open('first.json')); print({k: d[k] for k in ('accepted','duplicates','estimated','rejected','flags')})"

#!/usr/bin/env bash
# End-to-end benchmark of `billrun`: a generated territory of PREMISES homes with 13 months of
# hourly (and some monthly register) reads is built with `demo --prepare-only` and its cohorts
# trained; then one cycle (2026-01) is billed — reads, rating, neighbour comparison, HTML and text
# statements, bills stored in SQLite. Prints wall time and peak memory of the bill run alone.
# Usage: benchmarks/billrun.sh [PREMISES]
set -euo pipefail
cd "$(dirname "$0")/.."
premises=${1:-10000}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
dotnet build src/UtilityInsights.Cli -c Release -nologo -v quiet >/dev/null
cli="dotnet $PWD/src/UtilityInsights.Cli/bin/Release/net10.0/utility-insights.dll"
cd "$work"
/usr/bin/time -f "prepare (generate, ingest, tariffs): wall %e s, peak RSS %M KiB" $cli demo --premises "$premises" --prepare-only >/dev/null
# The generated reads are in the database now; their CSV (about 38 GB for 100,000 homes) is not needed.
rm -f out/sample/interval-reads.csv
/usr/bin/time -f "cohorts train: wall %e s, peak RSS %M KiB" $cli cohorts train >/dev/null
/usr/bin/time -f "billrun: wall %e s, peak RSS %M KiB" $cli billrun --cycle 2026-01 --json
/usr/bin/time -f "billrun again (nothing to do): wall %e s, peak RSS %M KiB" $cli billrun --cycle 2026-01 --json >/dev/null
/usr/bin/time -f "billrun issue (email outbox, HTML print batch, SMS list, ledger): wall %e s, peak RSS %M KiB" $cli billrun issue --cycle 2026-01 --print-format html --json >/dev/null

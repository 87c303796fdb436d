#!/usr/bin/env bash
# End-to-end benchmark of `samples generate`: wall time and peak memory (max RSS) of the real
# command on a Release build. Usage: benchmarks/generate.sh PREMISES MONTHS [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
premises=${1:-100000}; months=${2:-1}; out=${3:-$(mktemp -d)/sample}
dotnet build src/UtilityInsights.Cli -c Release -nologo -v quiet >/dev/null
/usr/bin/time -f "wall %e s, peak RSS %M KiB" \
  dotnet src/UtilityInsights.Cli/bin/Release/net10.0/utility-insights.dll samples generate \
  --premises "$premises" --months "$months" --seed 42 --out "$out"
du -sh "$out"

#!/usr/bin/env bash
# Exactly-once check at scale: prepares a territory of PREMISES homes (`demo --prepare-only`),
# copies its database, bills cycle 2026-01 on the copy without interruption, then on the original
# starts the bill run and kills it with SIGKILL three times (once a quarter, half and three quarters
# of the bills are stored), resumes it, and
# compares the two databases' bills. Usage: benchmarks/billrun-kill.sh [PREMISES]
set -euo pipefail
cd "$(dirname "$0")/.."
premises=${1:-10000}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
dotnet build src/UtilityInsights.Cli -c Release -nologo -v quiet >/dev/null
cli="dotnet $PWD/src/UtilityInsights.Cli/bin/Release/net10.0/utility-insights.dll"
mkdir "$work/killed" "$work/clean"
(cd "$work/killed" && $cli demo --premises "$premises" --prepare-only >/dev/null)
cp "$work"/killed/utility-insights.db* "$work/clean/"
(cd "$work/clean" && /usr/bin/time -f "uninterrupted billrun: wall %e s" $cli billrun --cycle 2026-01 >/dev/null)
cd "$work/killed"
count() { python3 -c "import sqlite3; print(sqlite3.connect('utility-insights.db').execute('select count(*) from bills').fetchone()[0])"; }
# Each kill comes once the run has stored a quarter, a half, three quarters of the accounts (checked
# every 0.1 s), so all three land mid-run however fast the machine is.
for share in 25 50 75; do
  $cli billrun --cycle 2026-01 >/dev/null 2>&1 & pid=$!
  while kill -0 "$pid" 2>/dev/null && [ "$(count)" -lt $((premises * share / 100)) ]; do sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  echo "bills after kill -9 (at $share %): $(count)"
done
$cli billrun --cycle 2026-01 >/dev/null
python3 - "$work" <<'PY'
import sqlite3, sys
q = "select bill_id, status, total, hold_reason from bills order by bill_id"
s = "select count(*), sum(status = 'Held'), sum(case when status <> 'Held' then total end), (select count(*) from bill_lines) from bills"
for name in ("clean", "killed"):
    print(name, "bills, held, total (cents), lines:", sqlite3.connect(f"{sys.argv[1]}/{name}/utility-insights.db").execute(s).fetchone())
a, b = (sqlite3.connect(f"{sys.argv[1]}/{n}/utility-insights.db").execute(q).fetchall() for n in ("clean", "killed"))
print("identical bills:", a == b)
sys.exit(0 if a == b else 1)
PY

#!/usr/bin/env bash
# The daily ingest of a utility with history: one local day of hourly reads for every interval meter of an
# existing database (the day after its last stored day), ingested into a copy of it — each meter's new day
# checked against its stored weeks. Prints wall time and peak memory of the ingest alone, and what it stored.
# Usage: benchmarks/ingest-daily.sh DB [CLI_DIR]
#   DB       a SQLite database with history, e.g. from `demo --premises 100000 --months 13 --seed 3 --prepare-only`
#   CLI_DIR  a published build to time (default: this checkout, built in Release)
set -euo pipefail
db=$(realpath "${1:?usage: benchmarks/ingest-daily.sh DB [CLI_DIR]}")
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${2:-}" ]; then
  cli=(dotnet "$(realpath "$2")/utility-insights.dll")
else
  dotnet build "$root/src/UtilityInsights.Cli" -c Release -nologo -v quiet >/dev/null
  cli=(dotnet "$root/src/UtilityInsights.Cli/bin/Release/net10.0/utility-insights.dll")
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/ui-daily.XXXXXX"); trap 'rm -rf "$work"' EXIT
# The day after the last stored day, every hour in each meter's own zone (a spring-forward day has 23).
python3 - "$db" "$work/day.csv" <<'EOF'
import datetime, sqlite3, sys, zoneinfo
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
last = db.execute("SELECT MAX(local_date) FROM interval_read_days").fetchone()[0]
day = datetime.date.fromisoformat(last) + datetime.timedelta(days=1)
meters = db.execute("SELECT meter_id, time_zone FROM meters WHERE kind = 'interval' ORDER BY meter_id").fetchall()
with open(sys.argv[2], "w") as out:
    out.write("meter_id,interval_start,interval_minutes,quantity,unit,quality\n")
    for meter, zone in meters:
        tz = zoneinfo.ZoneInfo(zone)
        start = datetime.datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(datetime.timezone.utc)
        end = (datetime.datetime(day.year, day.month, day.day, tzinfo=tz) + datetime.timedelta(days=1)).astimezone(datetime.timezone.utc)
        hour = 0
        while start < end:
            out.write(f"{meter},{start.astimezone(tz).isoformat()},60,{0.4 + (hour % 24) * 0.05:.3f},kWh,A\n")
            start += datetime.timedelta(hours=1)
            hour += 1
print(f"{day}: {len(meters)} interval meters")
EOF
echo "reads in file: $(($(wc -l < "$work/day.csv") - 1))"
cp "$db" "$work/run.db"
sync
/usr/bin/time -f "ingest: wall %e s, peak RSS %M KiB" "${cli[@]}" ingest "$work/day.csv" --db "$work/run.db" --json > "$work/out.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print({k: d[k] for k in ('accepted','duplicates','rejected','flags')})" "$work/out.json"

#!/usr/bin/env bash
# Issue 19: one cycle of N accounts billed on SQLite in one process, and on PostgreSQL by 1, 2 and 4
# `worker` processes (Hangfire), side by side in one run. Usage: benchmarks/billrun-distributed.sh [N] [CHUNK]
# (defaults 100000 and 1000). Needs PostgreSQL's binaries (Debian's postgresql): a throw-away cluster
# is started on a free port as the unprivileged postgres user when UTILITYINSIGHTS_POSTGRES is not set.
# Prints wall time, accounts/s and each worker's peak memory (GNU time's maximum resident set size).
set -euo pipefail
n=${1:-100000}
chunk=${2:-1000}
root=$(cd "$(dirname "$0")/.." && pwd)
dotnet build "$root/src/UtilityInsights.Cli" -c Release -v q -nologo >/dev/null
dll="$root/src/UtilityInsights.Cli/bin/Release/net10.0/utility-insights.dll"
work=$(mktemp -d /tmp/ui-bench.XXXXXX)
chmod 755 "$work"
cleanup() { [ -n "${stop_pg:-}" ] && eval "$stop_pg"; rm -rf "$work"; }
trap cleanup EXIT

if [ -z "${UTILITYINSIGHTS_POSTGRES:-}" ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  port=$(shuf -i 20000-40000 -n 1)
  mkdir "$work/pg" && chown postgres "$work/pg"
  runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg/data" -A trust -U ui -E UTF8 --no-sync >/dev/null
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
  stop_pg="runuser -u postgres -- $pg_bin/pg_ctl -D $work/pg/data -m fast stop >/dev/null"
  server="Host=127.0.0.1;Port=$port;Username=ui;Database=postgres"
else
  server=$UTILITYINSIGHTS_POSTGRES
fi
pg_host=$(echo "$server" | sed -n 's/.*Host=\([^;]*\).*/\1/p'); pg_port=$(echo "$server" | sed -n 's/.*Port=\([0-9]*\).*/\1/p'); pg_user=$(echo "$server" | sed -n 's/.*Username=\([^;]*\).*/\1/p')
psql_do() { psql -h "$pg_host" -p "${pg_port:-5432}" -U "$pg_user" -d "$1" -q -v ON_ERROR_STOP=1 -c "$2"; }
psql_do postgres "DROP DATABASE IF EXISTS ui_bench" && psql_do postgres "CREATE DATABASE ui_bench"
db="${server/Database=postgres/Database=ui_bench}"

cd "$work"
echo "preparing $n accounts (demo --prepare-only --months 2 --seed 3) on SQLite and on PostgreSQL…"
cycle=$(dotnet "$dll" demo --premises "$n" --months 2 --seed 3 --prepare-only --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["cycle"])')
dotnet "$dll" demo --premises "$n" --months 2 --seed 3 --prepare-only --db "$db" >/dev/null

printf '\n| run | wall | accounts/s | peak memory |\n|---|---:|---:|---:|\n'
/usr/bin/time -f "%e %M" -o sqlite.time dotnet "$dll" billrun --cycle "$cycle" >/dev/null
read -r wall kb < sqlite.time
printf '| SQLite, one process | %s s | %.0f | %s MB |\n' "$wall" "$(echo "$n / $wall" | bc -l)" "$((kb / 1024))"

for workers in 1 2 4; do
  psql_do ui_bench "DELETE FROM bill_lines; DELETE FROM bill_documents; DELETE FROM notices; DELETE FROM bills; DELETE FROM bill_runs"
  pids=()
  for w in $(seq 1 "$workers"); do
    /usr/bin/time -f "%M" -o "worker-$workers-$w.time" dotnet "$dll" worker --db "$db" >"worker-$workers-$w.log" 2>&1 &
    pids+=($!)
  done
  sleep 5
  start=$(date +%s.%N)
  dotnet "$dll" billrun --cycle "$cycle" --distributed --chunk "$chunk" --wait --db "$db" >/dev/null
  end=$(date +%s.%N)
  # SIGTERM, not SIGINT: a background job of a script ignores SIGINT. The worker stops cleanly on either.
  for pid in "${pids[@]}"; do pkill -TERM -P "$pid" 2>/dev/null || true; done
  wait || true
  wall=$(echo "$end - $start" | bc -l)
  peaks=$(for w in $(seq 1 "$workers"); do echo "$(( $(tail -1 "worker-$workers-$w.time") / 1024 ))"; done | paste -sd/)
  printf '| PostgreSQL, %s worker process(es) | %.1f s | %.0f | %s MB |\n' "$workers" "$wall" "$(echo "$n / $wall" | bc -l)" "$peaks"
done

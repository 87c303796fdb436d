#!/usr/bin/env bash
# Every end-to-end figure of issue 20 in one go, on this checkout, with the peers side by side, ending
# with a table (also written to run-all.md in the work folder, kept when KEEP=1):
#   printing   the demo's paper statements issued to PDF now and by BASE (batch PDFs since session 10; before, one a statement;
#              laid out and drawn with Skia since session 20, Chromium before), and the same issue with paper left as HTML;
#   bill run   BILL_PREMISES accounts (data of `demo --premises N --months 2 --seed 3 --prepare-only`) by this
#              checkout and by BASE on copies of one database (twice each, alternating), storing each bill's statement document, and the
#              two cycles hashed (benchmarks/hash-cycle.py): bills, totals, lines and documents must be equal;
#   issue      that cycle issued (email, batch PDFs, SMS, ledger) — ISSUE=0 skips it;
#   ingest     a ~5 M-read and a ~60 M-read hourly CSV into fresh SQLite files, beside SQLite's own `.import`
#              of the 5 M file into a bare table (no validation); a Green Button feed of GB_METERS meter-years, and those
#              exports joined GB_COPIES times as other meters (a large feed); the 5 M file and the feeds again by this checkout
#              published ReadyToRun, as the Dockerfile builds it (start-up); the first feed also by BASE;
#   portal     benchmarks/portal.sh (statement pages/s and latency);
#   history    (HISTORY_PREMISES=100000; 0, the default, skips it: about 15 minutes and 12 GB of disk) the bill run with
#              13 months of history recorded (`demo --months 13 --gzip`), by this checkout and BASE alternately, hashed;
#   million    (MILLION_PREMISES=1000000; 0, the default, skips it: about 10 minutes — 40 before session 23 — and 25 GB of disk) the bill run of
#              that many accounts (`demo --months 2 --gzip`), its memory sampled every 2 s to show it flat.
# Rating and rendering per core are BenchmarkDotNet figures: `-- --filter '*Rating*' '*Statement*'` (see RESULTS.md).
# Usage: benchmarks/run-all.sh   (env: BASE=<commit> BILL_PREMISES=100000 PRINT_PREMISES=1000 ISSUE=1 BIG_MONTHS=12 GB_METERS=120
#                                  GB_COPIES=10 HISTORY_PREMISES=0 MILLION_PREMISES=0)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
BASE=${BASE:-3ae7bc8}; BILL_PREMISES=${BILL_PREMISES:-100000}; PRINT_PREMISES=${PRINT_PREMISES:-1000}
ISSUE=${ISSUE:-1}; BIG_MONTHS=${BIG_MONTHS:-12}; GB_METERS=${GB_METERS:-120}; GB_COPIES=${GB_COPIES:-10}
HISTORY_PREMISES=${HISTORY_PREMISES:-0}; MILLION_PREMISES=${MILLION_PREMISES:-0}
work=$(mktemp -d /tmp/ui-run-all.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'git -C "$repo" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
table="$work/run-all.md"
row() { printf '| %s | %s | %s | %s |\n' "$@" | tee -a "$table"; }
# timed NAME CMD…: runs the command, keeps its output in NAME.out, and sets WALL (s) and RSS (MiB).
timed() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err" || { echo "$name failed:"; tail -5 "$work/$name.err"; exit 1; }
  read -r WALL kib < "$work/$name.time"; RSS=$((kib / 1024))
}
rate() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):,.0f}')" "$1" "$2"; }
json() { python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {'d': d}))" "$1" "$2"; }

echo "== building this checkout ($(git rev-parse --short HEAD)) and BASE ($BASE) in Release"
dotnet build src/UtilityInsights.Cli -c Release -nologo -v quiet >/dev/null
git worktree add --detach "$work/base" "$BASE" >/dev/null 2>&1
dotnet build "$work/base/src/UtilityInsights.Cli" -c Release -nologo -v quiet >/dev/null
new="dotnet $repo/src/UtilityInsights.Cli/bin/Release/net10.0/utility-insights.dll"
# This checkout as the Dockerfile publishes it: ReadyToRun (compiled ahead of time) for this machine's architecture.
dotnet publish src/UtilityInsights.Cli -c Release --ucr --no-self-contained -p:PublishReadyToRun=true -o "$work/r2r" -nologo -v quiet >/dev/null
r2r="dotnet $work/r2r/utility-insights.dll"
old="dotnet $work/base/src/UtilityInsights.Cli/bin/Release/net10.0/utility-insights.dll"
{
  echo "run-all on $(hostname), $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(date -u +%F) — this checkout $(git rev-parse --short HEAD), BASE $BASE"
  echo
  echo "| figure | this checkout | BASE / peer | goal |"
  echo "|---|---|---|---|"
} > "$table"

# alternate DIR CYCLE NAME ACCOUNTS: the prepared DIR/base.db billed by this checkout and by BASE, twice each,
# alternating; adds the row of both builds' walls and peaks and the row comparing their cycles' hashes
# (benchmarks/hash-cycle.py: bills, totals, lines and documents must be equal); keeps this checkout's first billed
# database as DIR/billed-new.db.
alternate() {
  local dir=$1 cycle=$2 name=$3 accounts=$4 walls_new=() walls_old=() rss_new=0 rss_old=0 new_hash old_hash same
  cd "$dir"
  # The prepared database's pages may still be being written back: flushed before each run, so that none pays for them;
  # the two builds alternately, twice each (the VM's speed drifts by minutes).
  for round in 1 2; do
    rm -f utility-insights.db utility-insights.db-wal utility-insights.db-shm; cp base.db utility-insights.db; sync
    timed "$name-new" $new billrun --cycle "$cycle" --no-statement-files --json
    walls_new+=("$WALL"); rss_new=$((RSS > rss_new ? RSS : rss_new))
    if [ "$round" = 1 ]; then
      new_hash=$(python3 "$repo/benchmarks/hash-cycle.py" utility-insights.db "$cycle")
      mv utility-insights.db billed-new.db; rm -f utility-insights.db-wal utility-insights.db-shm
    fi
    rm -f utility-insights.db utility-insights.db-wal utility-insights.db-shm; cp base.db utility-insights.db; sync
    timed "$name-old" $old billrun --cycle "$cycle" --no-statement-files --json
    walls_old+=("$WALL"); rss_old=$((RSS > rss_old ? RSS : rss_old))
    [ "$round" = 1 ] && old_hash=$(python3 "$repo/benchmarks/hash-cycle.py" utility-insights.db "$cycle")
  done
  rm -f utility-insights.db utility-insights.db-wal utility-insights.db-shm
  echo "this checkout: $new_hash"; echo "BASE:          $old_hash"
  row "$name (documents stored, no statement files), two runs each alternating with BASE's" \
    "${walls_new[0]} s, ${walls_new[1]} s, $rss_new MiB = $(rate "$accounts" "${walls_new[0]}") accounts/s" \
    "${walls_old[0]} s, ${walls_old[1]} s, $rss_old MiB = $(rate "$accounts" "${walls_old[0]}") accounts/s" "≤ 20 s, ≤ 1 GB"
  if [ "$new_hash" = "$old_hash" ]; then same="identical"; else same="DIFFERENT"; fi
  row "$name: bills, totals, lines, documents (hash-cycle.py)" "${new_hash%% |*}" "$same" "identical"
}

echo "== printing: $PRINT_PREMISES homes' paper statements"
mkdir -p "$work/print" && cd "$work/print"
$new demo --premises "$PRINT_PREMISES" --months 2 --seed 3 --prepare-only >/dev/null
$new billrun --cycle 2025-02 --no-statement-files --json > billrun.json
cp utility-insights.db before-issue.db
timed issue-print-new $new billrun issue --cycle 2025-02 --out new --json
paper=$(json "$work/issue-print-new.out" "d['paper']"); new_wall=$WALL
cp before-issue.db utility-insights.db
timed issue-print-old $old billrun issue --cycle 2025-02 --out old --json
row "issue $PRINT_PREMISES accounts, $paper on paper (PDF)" "$new_wall s = $(rate "$paper" "$new_wall") statements/s ($(ls new/2025-02/print/*.pdf | wc -l) batch PDFs)" \
  "$WALL s = $(rate "$paper" "$WALL") statements/s ($(ls old/2025-02/print/*.pdf 2>/dev/null | wc -l) PDFs)" "≥ 300 statements/s"
# The same issue with the paper statements left as HTML: the difference is the printing alone.
cp before-issue.db utility-insights.db
timed issue-print-html $new billrun issue --cycle 2025-02 --out html --print-format html --json
row "  the same issue, paper left as HTML (no PDFs); printing alone = the difference" \
  "$WALL s; printing $(python3 -c "import sys; print(f'{float(sys.argv[1]) - float(sys.argv[2]):.2f}')" "$new_wall" "$WALL") s = $(python3 -c "import sys; d = float(sys.argv[2]) - float(sys.argv[3]); print(f'{float(sys.argv[1]) / d:,.0f}' if d > 0 else 'n/a')" "$paper" "$new_wall" "$WALL") statements/s" "" "≥ 300 statements/s"

echo "== bill run: $BILL_PREMISES accounts"
mkdir -p "$work/bill" && cd "$work/bill"
timed prepare $new demo --premises "$BILL_PREMISES" --months 2 --seed 3 --prepare-only
rm -f out/sample/interval-reads.csv
mv utility-insights.db base.db
alternate "$work/bill" 2025-02 "billrun $BILL_PREMISES accounts" "$BILL_PREMISES"
if [ "$ISSUE" = 1 ]; then
  mv billed-new.db utility-insights.db
  timed issue-new $new billrun issue --cycle 2025-02 --json
  row "issue $BILL_PREMISES accounts: $(json "$work/issue-new.out" "d['email']") email, $(json "$work/issue-new.out" "d['paper']") paper" "$WALL s, $RSS MiB" "" "≤ 10 min"
fi

echo "== ingest"
mkdir -p "$work/ingest" && cd "$work/ingest"
$new samples generate --premises 8560 --months 1 --seed 42 --out small >/dev/null
reads=$(($(wc -l < small/interval-reads.csv) - 1))
$new accounts import small/accounts.csv --db small.db >/dev/null; $new premises import small/premises.csv --db small.db >/dev/null
cp small.db small-r2r.db
timed ingest-small $new ingest small/interval-reads.csv --create-meters --db small.db --json
row "ingest $reads hourly reads (CSV) into a new SQLite file" "$WALL s, $RSS MiB = $(rate "$reads" "$WALL") reads/s" "" "≥ 3 M reads/s, < 1 GB"
timed ingest-small-r2r $r2r ingest small/interval-reads.csv --create-meters --db small-r2r.db --json
row "  the same, published ReadyToRun (as the Dockerfile builds it)" "$WALL s, $RSS MiB = $(rate "$reads" "$WALL") reads/s" "" "≥ 3 M reads/s, < 1 GB"
printf 'CREATE TABLE reads(meter_id TEXT, interval_start TEXT, interval_minutes TEXT, quantity TEXT, unit TEXT, quality TEXT);\n.mode csv\n.import --skip 1 small/interval-reads.csv reads\n' > import.sql
timed sqlite-import sqlite3 bare.db ".read import.sql"
row "SQLite .import of the same file into a bare table" "" "$WALL s = $(rate "$reads" "$WALL") rows/s" ""
# Start-up: a 10-read file into a new SQLite file, three times each, alternating (most of it is the runtime, the JIT and the schema).
head -11 small/interval-reads.csv > tiny.csv; walls_plain=(); walls_r2r=()
for _ in 1 2 3; do
  rm -f tiny.db*; timed tiny $new ingest tiny.csv --create-meters --db tiny.db --json; walls_plain+=("$WALL")
  rm -f tiny.db*; timed tiny-r2r $r2r ingest tiny.csv --create-meters --db tiny.db --json; walls_r2r+=("$WALL")
done
row "start-up: ingest 10 reads into a new SQLite file, three times" "${walls_plain[*]} s; published ReadyToRun ${walls_r2r[*]} s" "" ""
rm -rf small small.db small-r2r.db bare.db tiny.csv tiny.db*
$new samples generate --premises 8560 --months "$BIG_MONTHS" --seed 42 --out big >/dev/null
reads=$(($(wc -l < big/interval-reads.csv) - 1))
$new accounts import big/accounts.csv --db big.db >/dev/null; $new premises import big/premises.csv --db big.db >/dev/null
timed ingest-big $new ingest big/interval-reads.csv --create-meters --db big.db --json
row "ingest $reads hourly reads (CSV)" "$WALL s, $RSS MiB = $(rate "$reads" "$WALL") reads/s" "" "≥ 4 M reads/s, < 1 GB"
# A Green Button feed of GB_METERS meter-years: one year of each of the first meters, exported and joined into one feed.
mkdir -p gb
n=0  # files are numbered, not named after the meter ids they hold
for meter in $(python3 -c "import sqlite3; print(' '.join(r[0] for r in sqlite3.connect('big.db').execute(\"SELECT DISTINCT meter_id FROM interval_read_days ORDER BY meter_id LIMIT $GB_METERS\")))"); do
  n=$((n + 1))
  $new export greenbutton --meter "$meter" --from 2025-01-01 --to 2026-01-01 --db big.db --out "gb/$(printf '%04d' "$n").xml" >/dev/null
done
python3 "$repo/benchmarks/greenbutton-feed.py" feed.xml gb/*.xml
rm -rf big big.db
timed ingest-gb $new ingest feed.xml --create-meters --db gb.db --json
readings=$(json "$work/ingest-gb.out" "d['accepted'] + d['duplicates'] + d['rejected']")
row "ingest a Green Button feed of $readings readings ($GB_METERS meter-years)" "$WALL s, $RSS MiB = $(rate "$readings" "$WALL") readings/s" "" "≥ 1 M readings/s"
timed ingest-gb-r2r $r2r ingest feed.xml --create-meters --db gb-r2r.db --json
row "  the same, published ReadyToRun (as the Dockerfile builds it)" "$WALL s, $RSS MiB = $(rate "$readings" "$WALL") readings/s" "" "≥ 1 M readings/s"
timed ingest-gb-base $old ingest feed.xml --create-meters --db gb-base.db --json
row "  the same by BASE" "" "$WALL s, $RSS MiB = $(rate "$readings" "$WALL") readings/s" "≥ 1 M readings/s"
# The same exports joined GB_COPIES times, each copy other meters: a large feed, in which start-up and the pipeline's fill weigh less.
rm -f gb.db* gb-r2r.db* gb-base.db* feed.xml
python3 "$repo/benchmarks/greenbutton-feed.py" --copies "$GB_COPIES" feed.xml gb/*.xml
rm -rf gb
timed ingest-gb-large $new ingest feed.xml --create-meters --db gb.db --json
readings=$(json "$work/ingest-gb-large.out" "d['accepted'] + d['duplicates'] + d['rejected']")
row "ingest a Green Button feed of $readings readings ($GB_COPIES × the feed above, $(($(stat -c %s feed.xml) / 1000000)) MB)" "$WALL s, $RSS MiB = $(rate "$readings" "$WALL") readings/s" "" "≥ 1 M readings/s"
timed ingest-gb-large-r2r $r2r ingest feed.xml --create-meters --db gb-r2r.db --json
row "  the same, published ReadyToRun" "$WALL s, $RSS MiB = $(rate "$readings" "$WALL") readings/s" "" "≥ 1 M readings/s"
rm -f gb.db* gb-r2r.db* feed.xml

echo "== portal"
cd "$repo"
bash benchmarks/portal.sh 1000 32 20 > "$work/portal.out" 2>&1
portal() { echo "$(grep 'Requests/sec' "$work/portal.out" | sed -n "${1}p" | awk '{print $2}') pages/s, p99 $(grep ' 99%' "$work/portal.out" | sed -n "${1}p" | awk '{print $2}')"; }
row "portal: signed-in statement page, 32 connections, first 20 s after start / the next 20 s" "$(portal 1) / $(portal 2)" "" "≥ 5,000/s, p99 ≤ 20 ms"

if [ "$HISTORY_PREMISES" != 0 ]; then
  echo "== bill run with 13 months of history: $HISTORY_PREMISES accounts"
  mkdir -p "$work/history" && cd "$work/history"
  timed history-prepare $new demo --premises "$HISTORY_PREMISES" --months 13 --seed 3 --prepare-only --gzip
  rm -rf out/sample; mv utility-insights.db base.db
  alternate "$work/history" 2026-01 "billrun $HISTORY_PREMISES accounts with 13 months of history" "$HISTORY_PREMISES"
  rm -f "$work/history/base.db" "$work/history/billed-new.db"
fi

if [ "$MILLION_PREMISES" != 0 ]; then
  echo "== bill run of $MILLION_PREMISES accounts"
  mkdir -p "$work/million" && cd "$work/million"
  timed million-prepare $new demo --premises "$MILLION_PREMISES" --months 2 --seed 3 --prepare-only --gzip
  rm -rf out/sample; sync
  # The run's resident memory every 2 s (memory flat: the same at a quarter, half and three quarters of the run).
  /usr/bin/time -f "%e %M" -o million.time $new billrun --cycle 2025-02 --no-statement-files --json > million.out 2> million.err &
  runner=$!
  : > rss.log
  while kill -0 "$runner" 2>/dev/null; do
    pid=$(pgrep -P "$runner" | head -1 || true)  # the bill run, the child of time
    [ -n "$pid" ] && awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status" 2>/dev/null >> rss.log || true
    sleep 2
  done
  wait "$runner"
  read -r WALL kib < million.time
  quarters=$(python3 -c "import sys; r = [int(x) for x in open('rss.log') if x.strip()]; print(', '.join(str(r[len(r) * q // 4]) for q in (1, 2, 3)))")
  row "billrun $MILLION_PREMISES accounts (one month, documents stored)" "$WALL s = $(rate "$MILLION_PREMISES" "$WALL") accounts/s; peak $((kib / 1024)) MiB; at 1/4, 1/2, 3/4 of the run $quarters MiB" "" "≤ 200 s, memory flat"
  rm -f utility-insights.db*
fi

echo; cat "$table"

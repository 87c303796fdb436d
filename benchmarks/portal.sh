#!/usr/bin/env bash
# Load test of the customer portal: a demo utility of PREMISES homes (its last month billed and
# issued), the portal in Release on loopback, one customer signed in, and wrk (Debian package, installed
# when missing) asking for that customer's statement page for DURATION seconds over CONNECTIONS
# connections — first right after the portal started (the JIT still compiling), then again, warmed up,
# for the steady state. Prints wrk's requests/s and latency percentiles (p50 … p99) for both.
# wrk sends the cookies a browser would after signing in: the session and the antiforgery cookie (without
# it every page would mint and set a new one, which a browser never makes the portal do).
# Usage: benchmarks/portal.sh [PREMISES] [CONNECTIONS] [DURATION]
#   (the portal inherits the environment: DOTNET_TieredPGO=1 benchmarks/portal.sh measures it as the README advises running it;
#   CLI="dotnet DIR/utility-insights.dll" measures that build instead of building this checkout in Release)
set -euo pipefail
cd "$(dirname "$0")/.."
premises=${1:-1000}; connections=${2:-32}; duration=${3:-20}
command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
work=$(mktemp -d); port=5187
if [ -n "${CLI:-}" ]; then
  cli=$CLI
else
  dotnet build src/UtilityInsights.Cli -c Release -nologo -v quiet >/dev/null
  cli="dotnet $PWD/src/UtilityInsights.Cli/bin/Release/net10.0/utility-insights.dll"
fi
cd "$work"
$cli demo --premises "$premises" --json > demo.json
account=$(grep -o '"account_id": "[^"]*"' demo.json | head -1 | cut -d'"' -f4)
password=$(grep -A1 "\"account_id\": \"$account\"" demo.json | grep -o '"password": "[^"]*"' | cut -d'"' -f4)
cycle=$(grep -o '"cycle": "[^"]*"' demo.json | cut -d'"' -f4)
$cli serve --urls "http://127.0.0.1:$port" 2>serve.log & server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.2; done
token=$(curl -s -c jar "http://127.0.0.1:$port/login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//;s/"$//')
curl -s -o /dev/null -b jar -c jar --data-urlencode "account_id=$account" --data-urlencode "password=$password" \
  --data-urlencode "__RequestVerificationToken=$token" "http://127.0.0.1:$port/login"
cookies="ui_portal=$(awk '$6 == "ui_portal" { print $7 }' jar); ui_af=$(awk '$6 == "ui_af" { print $7 }' jar)"
page="http://127.0.0.1:$port/statements/$account/$cycle"
test "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookies" "$page")" = 200 || { echo "sign-in failed"; exit 1; }
echo "wrk: $connections connections, ${duration} s, signed-in customer $account, $page — cold (the portal just started):"
wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Cookie: $cookies" "$page"
echo "warm: the same page again, right after:"
wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Cookie: $cookies" "$page"
echo "also the statements list:"
wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Cookie: $cookies" "http://127.0.0.1:$port/statements"
# Cold statements: an operator (who may open any account's statement) asks for every account's
# statement in turn, so the first pass builds each from the database (later passes hit the cache).
opassword=$(grep -A1 '"user_id": "operator"' demo.json | grep -o '"password": "[^"]*"' | cut -d'"' -f4)
token=$(curl -s -c ojar "http://127.0.0.1:$port/login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//;s/"$//')
curl -s -o /dev/null -b ojar -c ojar --data-urlencode "account_id=operator" --data-urlencode "password=$opassword" \
  --data-urlencode "__RequestVerificationToken=$token" "http://127.0.0.1:$port/login"
ocookies="ui_portal=$(awk '$6 == "ui_portal" { print $7 }' ojar); ui_af=$(awk '$6 == "ui_af" { print $7 }' ojar)"
cat > every.lua <<LUA
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", string.format("/statements/A-%06d/$cycle", (counter % $premises) + 1))
end
LUA
echo "every account's statement in turn (operator; the first $premises requests per thread build statements):"
wrk -t2 -c"$connections" -d"${duration}s" --latency -s every.lua -H "Cookie: $ocookies" "http://127.0.0.1:$port"

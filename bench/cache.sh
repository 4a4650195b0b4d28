#!/usr/bin/env bash
# Is a result cheaper to fetch than to compute? Two measurements in one invocation, against one Redis
# started here (a loopback redis-server on a free port, stopped on exit):
#   1. BenchmarkDotNet (CacheBenchmarks): a cohort ranking request's server-side work as a miss, a hit from
#      Redis and a hit from memory, against computing it (the baseline); a single score computed against
#      fetched from Redis.
#   2. HTTP (wrk, loopback): GET /v1/cohorts/<id>/ranking served from memory, from Redis (Cache:LocalTtl=0)
#      and computed every time (Redis unreachable, so every request bypasses the cache).
#   bench/cache.sh                 # both (about 4 minutes)
#   SKIP_HTTP=1 bench/cache.sh     # BenchmarkDotNet only
#   SKIP_BDN=1 bench/cache.sh      # HTTP only
# The cohort for the HTTP part is the IMF table converted from ../shared/data at run time (never
# committed), else a synthetic table of the same shape. The machine is shared: compare figures from one run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
DURATION=${DURATION:-10s}
work=$(mktemp -d)
keep=${KEEP_LOGS:-}
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  if [[ -n "$keep" ]]; then echo "# logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { local p=$1; while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }

echo "# machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
redis_port=$(free_port 6490)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
export REDIS_CONNECTION="127.0.0.1:$redis_port"
echo "# redis-server $(redis-server --version | grep -o 'v=[0-9.]*') on $REDIS_CONNECTION"

if [[ "${SKIP_BDN:-0}" != 1 ]]; then
  echo "# BenchmarkDotNet: CacheBenchmarks (3 warm-up, 15 measured iterations; medians are the figures to compare)"
  dotnet run -c Release --project bench/ReadinessApi.Benchmarks -- --filter "${BDN_FILTER:-*CacheBenchmarks*}" ${BDN_JOB:---warmupCount 3 --iterationCount 15 --launchCount 1} \
    --artifacts "$work/bdn" >"$work/bdn.log" 2>&1 || { tail -40 "$work/bdn.log"; exit 1; }
  grep -E '^// ranking payload' "$work/bdn.log" | head -1
  grep -E '^\|' "$work/bdn.log"
fi

if [[ "${SKIP_HTTP:-0}" != 1 ]]; then
  cohorts="$work/cohorts"; mkdir -p "$cohorts"
  table="$root/../shared/data/imf_aipi_2023.csv"
  if [[ -f "$table" ]]; then
    echo "# HTTP cohort: $table (174 economies), converted at run time"
    awk -F, 'NR == 1 { print "country,name,digitalInfrastructure,humanCapital,innovationIntegration,regulationEthics"; next }
             { print $2 "," $3 "," $5 "," $6 "," $7 "," $8 }' "$table" >"$cohorts/bench.csv"
  else
    echo "# HTTP cohort: synthetic, 174 economies (no $table)"
    grep -v '^#' src/ReadinessApi.Scoring/Countries/iso3166-alpha3.txt | cut -c1-3 | head -174 |
      awk 'BEGIN { srand(2023); print "country,name,digitalInfrastructure,humanCapital,innovationIntegration,regulationEthics" }
           { l = rand(); printf "%s,,%.6f,%.6f,%.6f,%.6f\n", $1, 0.25*(0.6*l+0.4*rand()), 0.25*(0.6*l+0.4*rand()), 0.25*(0.6*l+0.4*rand()), 0.25*(0.6*l+0.4*rand()) }' >"$cohorts/bench.csv"
  fi
  echo '{ "title": "Benchmark cohort", "methodology": "imf-aipi-2023" }' >"$cohorts/bench.json"
  dotnet build src/ReadinessApi -c Release -nologo -clp:ErrorsOnly >/dev/null

  serve() { # name redis local-ttl
    local port; port=$(free_port 5290)
    ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production RateLimiting__Enabled=false \
      Logging__LogLevel__Default=Warning Cohorts__Directory="$cohorts" ConnectionStrings__Redis="$2" Cache__LocalTtl="$3" \
      dotnet src/ReadinessApi/bin/Release/net10.0/ReadinessApi.dll >"$work/$1.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && break; sleep 0.2; done
    local url="http://127.0.0.1:$port/v1/cohorts/bench/ranking"
    # Warm up (JIT, connection, the first miss), and say what the cache does for this instance.
    for _ in $(seq 200); do curl -s -o /dev/null "$url"; done
    local cache; cache=$(curl -s -D - -o /dev/null "$url" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-cache" { print $2 }')
    local out; out=$(wrk -t1 -c8 -d"$DURATION" --latency "$url")
    printf '%-34s X-Cache: %-6s %10s req/s   p50 %8s   p99 %8s\n' "$1" "$cache" \
      "$(awk '/Requests\/sec/ { print $2 }' <<<"$out")" "$(awk '$1 == "50%" { print $2 }' <<<"$out")" "$(awk '$1 == "99%" { print $2 }' <<<"$out")"
    kill "${pids[-1]}" 2>/dev/null || true; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'
  }
  echo "# HTTP: wrk -t1 -c8 -d$DURATION, GET /v1/cohorts/bench/ranking (JSON, 174 entries)"
  serve "ranking, hit from memory" "$REDIS_CONNECTION" "00:10:00"
  serve "ranking, hit from Redis" "$REDIS_CONNECTION" "00:00:00"
  serve "ranking, computed every time" "127.0.0.1:$(free_port 6590),connectTimeout=200" "00:00:00"
fi

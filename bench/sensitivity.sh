#!/usr/bin/env bash
# HTTP benchmark of POST /v1/sensitivity: 10,000 draws over 83 countries x 7 sub-pillars (gaii-2021), the
# shape of the GAII 2024 table (read from ../shared/data when present, else synthetic), uncached and
# cached, end to end over loopback; the engine-level BenchmarkDotNet run (the naive single-threaded loop
# as baseline, the engine on one and all cores) runs first, in the same invocation.
#   bench/sensitivity.sh                  # everything (about 3 minutes on a quiet machine)
#   SKIP_ENGINE=1 bench/sensitivity.sh    # HTTP only
#   ANALYSIS=variance bench/sensitivity.sh  # the variance-based analysis instead: N = 1,000 base samples and
#                                           # 6 factors (3 pillar weights, root rule, normalisation, missing
#                                           # data): 8,000 cohort evaluations per request
# Bounded: fixed request counts, 30 s per request at most, the server it starts is stopped on exit.
# Loopback only. Compare figures measured in one run; the machine is shared.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
WARMUP=${WARMUP:-40}
UNCACHED=${UNCACHED:-30}
CACHED=${CACHED:-200}
ANALYSIS=${ANALYSIS:-uncertainty}
if [[ $ANALYSIS == variance ]]; then
  DRAWS=${DRAWS:-1000}; BENCH_CLASS=VarianceBenchmarks; AGGREGATION_SETS=('["arithmetic","geometric"]')
else
  DRAWS=${DRAWS:-10000}; BENCH_CLASS=SensitivityBenchmarks; AGGREGATION_SETS=('["arithmetic"]' '["arithmetic","geometric"]')
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "# machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ "${SKIP_ENGINE:-0}" != 1 ]]; then
  echo "# engine vs naive loop (BenchmarkDotNet: 3 warm-up and 10 measured iterations each)"
  # In process: a separately built boilerplate project can time out its build (2 min) on a loaded machine.
  dotnet run -c Release --project bench/ReadinessApi.Benchmarks -- --filter "*$BENCH_CLASS*" --inProcess --warmupCount 3 --iterationCount 10 \
    --artifacts "$work/bdn" >"$work/bdn.log" 2>&1 || { tail -40 "$work/bdn.log"; exit 1; }
  grep -E '^\|' "$work/bdn.log" | tail -8
  grep -E '^// cohort' "$work/bdn.log" | head -1
fi

# The request body: the GAII 2024 sub-pillars where ../shared/data has them, else a deterministic synthetic table.
csv="$root/../shared/data/tortoise_gaii_2024.csv"
if [[ -f "$csv" ]]; then
  echo "# cohort: $csv"
  items=$(awk -F, 'NR > 1 && NF > 10 {
      printf "%s{\"country\":\"%s\",\"inputs\":{\"talent\":%s,\"infrastructure\":%s,\"operatingEnvironment\":%s,\"research\":%s,\"development\":%s,\"governmentStrategy\":%s,\"commercial\":%s}}",
        (n++ ? "," : ""), $2, $8, $9, $10, $11, $12, $13, $14 }' "$csv")
else
  echo "# cohort: synthetic (no $csv)"
  items=$(awk 'BEGIN { srand(2024); n = 0
      for (a = 65; a < 91 && n < 83; a++) for (b = 65; b < 91 && n < 83; b += 9) {
        s = rand() ^ 2; printf "%s{\"country\":\"X%c%c\",\"inputs\":{", (n++ ? "," : ""), a, b
        split("talent infrastructure operatingEnvironment research development governmentStrategy commercial", k, " ")
        for (i = 1; i <= 7; i++) printf "%s\"%s\":%.1f", (i > 1 ? "," : ""), k[i], 100 * (0.7 * s + 0.3 * rand())
        printf "}}" } }')
fi
body() { # seed aggregations-json
  printf '{"analysis":"%s","methodology":"gaii-2021","items":[%s],"draws":%d,"weightNoise":0.25,"aggregations":%s,"seed":%d}' "$ANALYSIS" "$items" "$DRAWS" "$2" "$1"
}

dotnet build src/ReadinessApi -c Release -nologo -clp:ErrorsOnly >/dev/null
port=5190
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production RateLimiting__Enabled=false \
  Logging__LogLevel__Default=Warning dotnet src/ReadinessApi/bin/Release/net10.0/ReadinessApi.dll >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 150); do curl -fs "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$port/health/live" >/dev/null || { cat "$work/server.log"; exit 1; }

# POSTs body file $1 $2 times; prints one total time in ms per request and checks the status and X-Cache.
post() {
  local file=$1 count=$2 expect=$3
  for _ in $(seq "$count"); do
    curl -s -o /dev/null --max-time 30 -D "$work/headers" -w '%{http_code} %{time_total}\n' \
      -H 'Content-Type: application/json' --data-binary "@$file" "http://127.0.0.1:$port/v1/sensitivity" |
      while read -r code seconds; do
        [[ $code == 200 ]] || { echo "HTTP $code" >&2; exit 1; }
        grep -qi "^x-cache: $expect" "$work/headers" || { echo "expected X-Cache: $expect" >&2; exit 1; }
        awk -v s="$seconds" 'BEGIN { printf "%.3f\n", s * 1000 }'
      done
  done
}
stats() { sort -n | awk '{ v[NR] = $1 } END { printf "median %.1f ms, p90 %.1f ms, min %.1f ms (n=%d)", v[int((NR + 1) / 2)], v[int(NR * 0.9 + 0.5)], v[1], NR }'; }

for aggregations in "${AGGREGATION_SETS[@]}"; do
  # Start-up compilation: distinct seeds, so every warm-up request computes.
  for i in $(seq "$WARMUP"); do body "$((i + 100000))" "$aggregations" >"$work/warm.json"; post "$work/warm.json" 1 miss >/dev/null; done
  : >"$work/uncached.txt"
  for i in $(seq "$UNCACHED"); do body "$((i + 200000))" "$aggregations" >"$work/cold.json"; post "$work/cold.json" 1 miss >>"$work/uncached.txt"; done
  body 200001 "$aggregations" >"$work/hot.json"
  post "$work/hot.json" "$CACHED" hit >"$work/cached.txt"
  echo "$ANALYSIS, aggregations $aggregations, $DRAWS draws, 83 countries: uncached $(stats <"$work/uncached.txt"); cached $(stats <"$work/cached.txt")"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# Shared by bench/load/*.sh (sourced, not run): loopback ports, the Redis and the processes a script starts
# (all stopped on exit), the service and baseline builds, wrk output parsing, /proc readings, medians.
# Expects: set -euo pipefail, the repository root as the working directory, $work (a temp dir) set.

pids=()
redis_pid=""
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n "$redis_pid" ]]; then kill -CONT "$redis_pid" 2>/dev/null || true; kill "$redis_pid" 2>/dev/null || true; fi
  if [[ -n "${KEEP_LOGS:-}" ]]; then echo "# logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# The first port from $1 up that nothing listens on (loopback).
free_port() { local p=$1; while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }

need() { command -v "$1" >/dev/null || { echo "$(basename "$0"): needs $1 ($2)" >&2; exit 2; }; }

# Publishes the service (and with "baseline" the floor and the peer apps) in Release into artifacts/load/ unless SKIP_BUILD=1.
build() {
  api_dll=artifacts/load/api/ReadinessApi.dll
  baseline_dll=artifacts/load/baseline/LoadBaseline.dll
  peer_dll=artifacts/load/peer/PlainScoreApi.dll
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    dotnet publish src/ReadinessApi -c Release -o artifacts/load/api -nologo -clp:ErrorsOnly -v:q >/dev/null
    if [[ "${1:-}" == baseline ]]; then
      dotnet publish bench/load/baseline -c Release -o artifacts/load/baseline -nologo -clp:ErrorsOnly -v:q >/dev/null
      dotnet publish bench/load/peer -c Release -o artifacts/load/peer -nologo -clp:ErrorsOnly -v:q >/dev/null
    fi
  fi
}

# Starts redis-server on a free loopback port (no persistence); sets redis_port, redis_pid. Again after a kill: same port.
start_redis() {
  redis_port=${redis_port:-$(free_port 6790)}
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >>"$work/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && return; sleep 0.1; done
  echo "$(basename "$0"): redis-server did not start; see $work/redis.log" >&2; exit 1
}

# start_app NAME DLL [VAR=value...]: starts `dotnet DLL` on a free loopback port with the variables given
# (ASPNETCORE_ENVIRONMENT=Production), its publish folder as the content root (so its appsettings.json
# applies, as in the container image), waits for /health/live; sets <NAME>_pid and <NAME>_url.
start_app() {
  local name=$1 dll=$2; shift 2
  local port; port=$(free_port 5790)
  env ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production DOTNET_CLI_TELEMETRY_OPTOUT=1 "$@" \
    dotnet "$dll" --contentRoot "$(realpath "$(dirname "$dll")")" >"$work/$name.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  printf -v "${name}_pid" %s "$pid"
  printf -v "${name}_url" %s "http://127.0.0.1:$port"
  for _ in $(seq 150); do curl -sf "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && return; sleep 0.2; done
  echo "$(basename "$0"): $name did not start; see below" >&2; tail -30 "$work/$name.log" >&2; exit 1
}

# CPU time (user + system) of a process so far, in clock ticks (getconf CLK_TCK per second).
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
clk_tck=$(getconf CLK_TCK)

# CPU ticks of the runtime's tiered-compilation thread(s) (".NET Tiered"), "tid:ticks" per line. The thread
# recompiles hot methods with full optimisation in the background and exits when there is nothing left.
tiered_ticks() {
  local task
  for task in /proc/"$1"/task/*; do
    [[ $(cat "$task/comm" 2>/dev/null) == ".NET Tiered"* ]] || continue
    awk -v t="${task##*/}" '{ sub(/^.*\) /, ""); print t ":" $12 + $13 }' "$task/stat" 2>/dev/null
  done
}

# warm_up NAME URL LUA: load NAME in 5 s runs of wrk until the tiered compilation is done (its thread used
# under 1% of the process's CPU in a run), at least WARMUP and at most WARMUP_MAX. Measuring before that
# compares a service still compiling (it has several times the baseline's code: 10,000 methods jitted in
# its first 10 s under load, its tiering thread 12% of its CPU in a run after a 10 s warm-up) with a
# baseline that is done in a second.
warm_up() {
  local name=$1 url=$2 lua=$3 pid elapsed=0 before after t0 t1 jit
  pid=${name}_pid; pid=${!pid}
  local min=${WARMUP%s} max=${WARMUP_MAX:-90}; max=${max%s}
  while :; do
    before=$(tiered_ticks "$pid"); t0=$(cpu_ticks "$pid")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$lua" "$url" >/dev/null
    after=$(tiered_ticks "$pid"); t1=$(cpu_ticks "$pid")
    elapsed=$((elapsed + 5))
    # Ticks the tiering thread(s) used in this run (a thread that started during the run counts in full).
    jit=$(awk -v before="$before" 'BEGIN { n = split(before, b, "\n"); for (i = 1; i <= n; i++) { split(b[i], kv, ":"); was[kv[1]] = kv[2] } }
      { split($0, kv, ":"); d += kv[2] - (kv[1] in was ? was[kv[1]] : 0) } END { print d + 0 }' <<<"$after")
    if ((elapsed >= min)) && { ((elapsed >= max)) || ((jit * 100 < t1 - t0)); }; then
      echo "  $name: warm after ${elapsed}s (tiered compilation $jit of $((t1 - t0)) CPU ticks in the last 5 s)"
      return
    fi
  done
}

rss_mb() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# wrk latency figures ("812.00us", "1.23ms", "2.01s") in milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }

# parse_wrk FILE: prints "requests rps p50ms p99ms maxms non2xx socketerrors" from wrk --latency output.
parse_wrk() {
  local f=$1 requests rps p50 p99 max non2xx sock
  requests=$(awk '/requests in/ { print $1 }' "$f")
  rps=$(awk '/^Requests\/sec/ { print $2 }' "$f")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")
  max=$(to_ms "$(awk '$1 == "Latency" && NF >= 4 { print $4; exit }' "$f")")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$f")
  sock=$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$f")
  echo "${requests:-0} ${rps:-0} $p50 $p99 $max ${non2xx:-0} ${sock:-0}"
}

median() { tr ' ' '\n' <<<"$*" | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }

# The benchmark's single-score body (the documented example of POST /v1/scores).
score_body='{"country":"RUS","year":2024,"methodology":"readiness-v1","inputs":{"innovation":18.5,"implementation":33.0,"investment":9.0,"computeAccess":6.0}}'

# make_cohorts DIR: two cohorts for the cache mix. "bench": the IMF AI Preparedness Index table from
# ../shared/data converted at run time (never committed), else a synthetic table of its shape (174
# economies, imf-aipi-2023); "pillars": 150 synthetic economies on readiness-v1's four pillars.
make_cohorts() {
  local dir=$1 table; table="$(pwd)/../shared/data/imf_aipi_2023.csv"
  mkdir -p "$dir"
  if [[ -f "$table" ]]; then
    cohort_source="$table (converted at run time)"
    awk -F, 'NR == 1 { print "country,name,digitalInfrastructure,humanCapital,innovationIntegration,regulationEthics"; next }
             { print $2 "," $3 "," $5 "," $6 "," $7 "," $8 }' "$table" >"$dir/bench.csv"
  else
    cohort_source="synthetic (no $table)"
    grep -v '^#' src/ReadinessApi.Scoring/Countries/iso3166-alpha3.txt | cut -c1-3 | head -174 |
      awk 'BEGIN { srand(2023); print "country,name,digitalInfrastructure,humanCapital,innovationIntegration,regulationEthics" }
           { l = rand(); printf "%s,,%.6f,%.6f,%.6f,%.6f\n", $1, 0.25*(0.6*l+0.4*rand()), 0.25*(0.6*l+0.4*rand()), 0.25*(0.6*l+0.4*rand()), 0.25*(0.6*l+0.4*rand()) }' >"$dir/bench.csv"
  fi
  echo '{ "title": "Load test cohort", "methodology": "imf-aipi-2023" }' >"$dir/bench.json"
  grep -v '^#' src/ReadinessApi.Scoring/Countries/iso3166-alpha3.txt | cut -c1-3 | tail -150 |
    awk 'BEGIN { srand(2024); print "country,name,innovation,implementation,investment,computeAccess" }
         { l = rand(); printf "%s,,%.1f,%.1f,%.1f,%s\n", $1, 100*(0.6*l+0.4*rand()), 100*(0.6*l+0.4*rand()), 100*(0.6*l+0.4*rand()), (NR % 7 ? sprintf("%.1f", 100*(0.6*l+0.4*rand())) : "") }' >"$dir/pillars.csv"
  echo '{ "title": "Load test pillars", "methodology": "readiness-v1" }' >"$dir/pillars.json"
}

# mix_lua FILE: a wrk script cycling through the cache mix: single scores (plain and ranked in the
# "pillars" cohort, whose ranking comes through the cache) and cohort rankings (three cache keys).
mix_lua() {
  local ranked=${score_body%\}}',"cohort":"pillars"}'
  cat >"$1" <<LUA
local requests = {}
local i = 0
init = function(args)
  local json = { ["Content-Type"] = "application/json" }
  requests = {
    wrk.format("POST", "/v1/scores", json, '$score_body'),
    wrk.format("POST", "/v1/scores", json, '$ranked'),
    wrk.format("GET", "/v1/cohorts/bench/ranking"),
    wrk.format("POST", "/v1/scores", json, '$score_body'),
    wrk.format("GET", "/v1/cohorts/pillars/ranking"),
    wrk.format("GET", "/v1/cohorts/pillars/ranking?methodology=readiness-v1-balanced"),
  }
end
request = function()
  i = i % #requests + 1
  return requests[i]
end
LUA
}

# The service as the load and fault scripts run it: Redis on $redis_port, rate limiting off, the cohorts
# in $work/cohorts, and Cache:LocalTtl=LOCAL_TTL (default 0: no in-memory copy, so every cached request
# goes to Redis and a Redis fault reaches every one of them).
start_service() {
  start_app api "$api_dll" ConnectionStrings__Redis="127.0.0.1:$redis_port" RateLimiting__Enabled=false \
    Cohorts__Directory="$work/cohorts" Cache__LocalTtl="${LOCAL_TTL:-00:00:00}"
}

# redis_stat NAME: one field of INFO (e.g. keyspace_hits); 0 when Redis does not answer.
redis_stat() { redis-cli -p "$redis_port" info 2>/dev/null | tr -d '\r' | awk -F: -v k="$1" '$1 == k { v = $2 } END { print v + 0 }'; }

# What saturation.sh and faults.sh both start: the build, the cohorts, Redis, the service and the wrk mix.
start_mix() {
  need wrk "apt-get install -y wrk"; need redis-server "apt-get install -y redis-server"; need curl "apt-get install -y curl"
  echo "# machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  build
  make_cohorts "$work/cohorts"
  start_redis
  start_service
  mix_lua "$work/mix.lua"
}

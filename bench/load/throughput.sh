#!/usr/bin/env bash
# What does the service's POST /v1/scores cost over a bare minimal API that parses the same body and sends
# the same bytes (bench/load/baseline)? Both run here side by side in Release (Server GC, Kestrel), the
# service with Redis (a redis-server on a free loopback port) and rate limiting off, its logging as shipped.
# After a warm-up, ROUNDS rounds of one wrk run against each (the order alternating per round, so a busy
# neighbour slows both alike): wrk -t2 -c32 -dDURATION --latency with one JSON body (the documented example).
# Per run: requests/s, p50/p99, non-2xx and socket errors, and the server's CPU time per request (utime +
# stime from /proc/<pid>/stat before and after the run). Reports the medians, and the ratios as medians of
# the per-round ratios (the two runs of a round are adjacent in time):
#   CPU per request, service / baseline   target <= 1.6
#   throughput, service / baseline        target >= 0.6
# and exits 1 when a target is missed or any request failed.
#   bench/load/throughput.sh                       # about 2 minutes
#   ROUNDS=3 DURATION=5s bench/load/throughput.sh  # quicker, noisier
#   SKIP_BUILD=1 KEEP_LOGS=1 bench/load/throughput.sh
#   BEFORE_DIR=artifacts/load/api-before bench/load/throughput.sh   # also an earlier publish of the service,
#                                                   # in the same rounds: the before/after of a change
# Loopback only; bounded by the rounds and durations; everything it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
work=$(mktemp -d)
source bench/load/lib.sh
need wrk "apt-get install -y wrk"; need redis-server "apt-get install -y redis-server"; need curl "apt-get install -y curl"

echo "# machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(dotnet --version) SDK"
build baseline
start_redis
start_app api "$api_dll" ConnectionStrings__Redis="127.0.0.1:$redis_port" RateLimiting__Enabled=false

# The service's answer to the body, saved for the baseline to send back.
code=$(curl -s -o "$work/response.json" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "$score_body" "$api_url/v1/scores")
[[ $code == 200 ]] || { echo "throughput.sh: the service answered $code to the benchmark body" >&2; cat "$work/response.json" >&2; exit 1; }
start_app baseline "$baseline_dll" LOAD_BASELINE_RESPONSE="$work/response.json"
targets=(api baseline)
if [[ -n "${BEFORE_DIR:-}" ]]; then
  start_app before "$BEFORE_DIR/ReadinessApi.dll" ConnectionStrings__Redis="127.0.0.1:$redis_port" RateLimiting__Enabled=false
  targets+=(before)
fi
curl -s -o "$work/baseline.json" -H 'Content-Type: application/json' --data-binary "$score_body" "$baseline_url/v1/scores"
cmp -s "$work/response.json" "$work/baseline.json" || { echo "throughput.sh: the baseline's answer differs from the service's" >&2; exit 1; }
echo "# service $api_url (pid $api_pid, Redis 127.0.0.1:$redis_port), baseline $baseline_url (pid $baseline_pid); response $(wc -c <"$work/response.json") B"

cat >"$work/score.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$score_body'
LUA

# run NAME: one wrk run against NAME; appends "requests rps p50 p99 max non2xx sock cpu_us_per_request" to $work/NAME.runs
run() {
  local name=$1 url pid t0 t1
  url=${name}_url; url=${!url}; pid=${name}_pid; pid=${!pid}
  t0=$(cpu_ticks "$pid")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/score.lua" "$url/v1/scores" >"$work/wrk.out"
  t1=$(cpu_ticks "$pid")
  read -r requests rps p50 p99 max non2xx sock < <(parse_wrk "$work/wrk.out")
  local cpu; cpu=$(awk -v d=$((t1 - t0)) -v hz="$clk_tck" -v n="$requests" 'BEGIN { printf "%.1f", (n > 0 ? d / hz * 1e6 / n : 0) }')
  echo "$requests $rps $p50 $p99 $max $non2xx $sock $cpu" >>"$work/$name.runs"
  printf '  %-8s %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms  max %8.2f ms  CPU %6.1f us/req  non-2xx %s  socket errors %s\n' \
    "$name" "$rps" "$p50" "$p99" "$max" "$cpu" "$non2xx" "$sock"
}

echo "# warm-up: at least $WARMUP each, until tiered compilation is done (at most ${WARMUP_MAX:-90}s)"
for name in "${targets[@]}"; do
  url=${name}_url
  warm_up "$name" "${!url}/v1/scores" "$work/score.lua"
  : >"$work/$name.runs"
done
echo "# $ROUNDS rounds: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, POST /v1/scores, alternating"
for round in $(seq "$ROUNDS"); do
  echo "round $round (load $(cut -d' ' -f1 /proc/loadavg))"
  if ((round % 2)); then order=("${targets[@]}"); else order=(); for ((i = ${#targets[@]} - 1; i >= 0; i--)); do order+=("${targets[i]}"); done; fi
  for name in "${order[@]}"; do run "$name"; done
done

col() { awk -v c="$2" '{ print $c }' "$work/$1.runs" | tr '\n' ' '; }
sum() { awk -v c="$2" '{ s += $c } END { print s + 0 }' "$work/$1.runs"; }
a_rps=$(median $(col api 2)); b_rps=$(median $(col baseline 2))
a_p50=$(median $(col api 3)); b_p50=$(median $(col baseline 3))
a_p99=$(median $(col api 4)); b_p99=$(median $(col baseline 4))
a_cpu=$(median $(col api 8)); b_cpu=$(median $(col baseline 8))
# The ratios are medians of the per-round ratios: within a round the two runs are adjacent, so a slower or
# faster spell of this shared machine (the baseline's CPU per request drifted 25 -> 34 us within one run)
# divides out; a ratio of the two medians would mix runs minutes apart.
# paired A B COLUMN: the round-by-round ratios A/B of one column of the runs.
paired() { paste -d' ' "$work/$1.runs" "$work/$2.runs" | awk -v c="$3" '{ printf "%.4f ", $c / $(NF / 2 + c) }'; }
pratio() { printf '%.2f' "$(median $(paired "$1" "$2" "$3"))"; }
cpu_ratio=$(pratio api baseline 8); rps_ratio=$(pratio api baseline 2)
a_failed=$(($(sum api 6) + $(sum api 7))); b_failed=$(($(sum baseline 6) + $(sum baseline 7)))
a_requests=$(sum api 1); b_requests=$(sum baseline 1)

status=0
verdict() { if "$@"; then echo met; else echo MISSED; status=1; fi; }
cpu_ok=$(verdict le "$cpu_ratio" 1.6)
rps_ok=$(verdict le 0.6 "$rps_ratio")
errors_ok=$(verdict test "$a_failed" -eq 0 -a "$b_failed" -eq 0)
[[ $cpu_ok == met && $rps_ok == met && $errors_ok == met ]] || status=1

echo
echo "throughput: POST /v1/scores, medians of $ROUNDS alternating runs of $DURATION (wrk -t$THREADS -c$CONNECTIONS), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  %-10s %9s %9s %9s %14s %10s %10s\n' "" "req/s" "p50 ms" "p99 ms" "CPU us/req" "requests" "failed"
printf '  %-10s %9.0f %9.2f %9.2f %14.1f %10d %10d\n' service "$a_rps" "$a_p50" "$a_p99" "$a_cpu" "$a_requests" "$a_failed"
printf '  %-10s %9.0f %9.2f %9.2f %14.1f %10d %10d\n' baseline "$b_rps" "$b_p50" "$b_p99" "$b_cpu" "$b_requests" "$b_failed"
echo "  CPU per request, service / baseline: $cpu_ratio (target <= 1.6: $cpu_ok); per round: $(paired api baseline 8 | xargs printf '%.2f ')"
echo "  throughput, service / baseline:      $rps_ratio (target >= 0.6: $rps_ok); per round: $(paired api baseline 2 | xargs printf '%.2f ')"
echo "  failed requests (non-2xx + socket errors): service $a_failed, baseline $b_failed (target 0: $errors_ok)"
if [[ -n "${BEFORE_DIR:-}" ]]; then
  p_rps=$(median $(col before 2)); p_cpu=$(median $(col before 8)); p_p99=$(median $(col before 4))
  printf '  %-10s %9.0f %9s %9.2f %14.1f   (%s)\n' before "$p_rps" "" "$p_p99" "$p_cpu" "$BEFORE_DIR"
    echo "  before: CPU per request / baseline $(pratio before baseline 8), throughput / baseline $(pratio before baseline 2); now / before: CPU $(pratio api before 8), throughput $(pratio api before 2)"
fi
exit $status

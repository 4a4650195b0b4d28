#!/usr/bin/env bash
# What does the service's POST /v1/scores cost, against what? Four servers run here side by side in Release
# (Server GC, Kestrel), measured in the same rounds:
#   service   the service with Redis (a redis-server on a free loopback port), rate limiting off, logging as shipped;
#   limited   the same with its rate limiter on, budgets shared through that Redis (one EVALSHA a request;
#             budgets set high enough that nothing is refused): what the distributed limiter costs;
#   peer      bench/load/peer: what a user would write instead, a plain minimal API that binds the same request,
#             computes the weighted sum and returns a DTO of the service's answer shape through System.Text.Json
#             (no validation, explanation, telemetry or problem details); its answer is checked to have the
#             service's fields and score;
#   floor     bench/load/baseline: a bare endpoint that binds the request and sends the service's own answer
#             bytes, prepared: the least any server can do.
# After a warm-up, ROUNDS rounds of one wrk run against each (the order reversing every round, so a busy
# neighbour slows all alike): wrk -t2 -c32 -dDURATION --latency with one JSON body (the documented example).
# Per run: requests/s, p50/p99, non-2xx and socket errors, and the server's CPU time per request (utime +
# stime from /proc/<pid>/stat before and after the run; for limited also Redis's). Reports the medians, and
# the ratios as medians of the per-round ratios (the runs of a round are adjacent in time):
#   CPU per request, limited / service    target <= 1.15  (the limiter's cost)
#   CPU per request, service / peer       target <= 1.2
#   CPU per request, service / floor      target <= 1.6   (the floor, kept for comparison with earlier runs)
#   throughput, service / floor           target >= 0.6
# and exits 1 when a target is missed or any request failed.
#   bench/load/throughput.sh                       # about 4 minutes
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
need wrk "apt-get install -y wrk"; need redis-server "apt-get install -y redis-server"; need curl "apt-get install -y curl"; need jq "apt-get install -y jq"

echo "# machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(dotnet --version) SDK"
build baseline
start_redis
start_app api "$api_dll" ConnectionStrings__Redis="127.0.0.1:$redis_port" RateLimiting__Enabled=false
start_app limited "$api_dll" ConnectionStrings__Redis="127.0.0.1:$redis_port" RateLimiting__Enabled=true \
  RateLimiting__StandardPermitsPerSecond=1000000 RateLimiting__StandardBurst=1000000

# The service's answer to the body, saved for the baseline to send back.
code=$(curl -s -o "$work/response.json" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "$score_body" "$api_url/v1/scores")
[[ $code == 200 ]] || { echo "throughput.sh: the service answered $code to the benchmark body" >&2; cat "$work/response.json" >&2; exit 1; }
start_app baseline "$baseline_dll" LOAD_BASELINE_RESPONSE="$work/response.json"
start_app peer "$peer_dll"
targets=(api limited peer baseline)
if [[ -n "${BEFORE_DIR:-}" ]]; then
  start_app before "$BEFORE_DIR/ReadinessApi.dll" ConnectionStrings__Redis="127.0.0.1:$redis_port" RateLimiting__Enabled=false
  targets+=(before)
fi
curl -s -o "$work/baseline.json" -H 'Content-Type: application/json' --data-binary "$score_body" "$baseline_url/v1/scores"
cmp -s "$work/response.json" "$work/baseline.json" || { echo "throughput.sh: the baseline's answer differs from the service's" >&2; exit 1; }
curl -s -o "$work/limited.json" -H 'Content-Type: application/json' --data-binary "$score_body" "$limited_url/v1/scores"
cmp -s "$work/response.json" "$work/limited.json" || { echo "throughput.sh: the limited service's answer differs" >&2; exit 1; }
curl -s -o "$work/peer.json" -H 'Content-Type: application/json' --data-binary "$score_body" "$peer_url/v1/scores"
# The peer must do the same job: the same fields (recursively) and the same score.
same_shape() { jq -e --slurpfile a "$1" --slurpfile b "$2" -n \
  '[$a[0] | paths | map(if type == "number" then 0 else . end)] | unique as $pa | [$b[0] | paths | map(if type == "number" then 0 else . end)] | unique as $pb | $pa == $pb and $a[0].score == $b[0].score' >/dev/null; }
same_shape "$work/response.json" "$work/peer.json" || { echo "throughput.sh: the peer's answer is not of the service's shape" >&2; exit 1; }
echo "# service $api_url (pid $api_pid), limited $limited_url (pid $limited_pid), Redis 127.0.0.1:$redis_port (pid $redis_pid); peer $peer_url (pid $peer_pid, $(wc -c <"$work/peer.json") B); floor $baseline_url (pid $baseline_pid); response $(wc -c <"$work/response.json") B"

cat >"$work/score.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$score_body'
LUA

# run NAME: one wrk run against NAME; appends "requests rps p50 p99 max non2xx sock cpu_us_per_request
# redis_cpu_us_per_request" to $work/NAME.runs
run() {
  local name=$1 url pid t0 t1 r0 r1
  url=${name}_url; url=${!url}; pid=${name}_pid; pid=${!pid}
  t0=$(cpu_ticks "$pid"); r0=$(cpu_ticks "$redis_pid")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/score.lua" "$url/v1/scores" >"$work/wrk.out"
  t1=$(cpu_ticks "$pid"); r1=$(cpu_ticks "$redis_pid")
  read -r requests rps p50 p99 max non2xx sock < <(parse_wrk "$work/wrk.out")
  local cpu rcpu
  cpu=$(awk -v d=$((t1 - t0)) -v hz="$clk_tck" -v n="$requests" 'BEGIN { printf "%.1f", (n > 0 ? d / hz * 1e6 / n : 0) }')
  rcpu=$(awk -v d=$((r1 - r0)) -v hz="$clk_tck" -v n="$requests" 'BEGIN { printf "%.1f", (n > 0 ? d / hz * 1e6 / n : 0) }')
  echo "$requests $rps $p50 $p99 $max $non2xx $sock $cpu $rcpu" >>"$work/$name.runs"
  printf '  %-8s %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms  max %8.2f ms  CPU %6.1f us/req (Redis %4.1f)  non-2xx %s  socket errors %s\n' \
    "$name" "$rps" "$p50" "$p99" "$max" "$cpu" "$rcpu" "$non2xx" "$sock"
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
# The ratios are medians of the per-round ratios: within a round the runs are adjacent, so a slower or
# faster spell of this shared machine (the baseline's CPU per request drifted 25 -> 34 us within one run)
# divides out; a ratio of the two medians would mix runs minutes apart.
# paired A B COLUMN: the round-by-round ratios A/B of one column of the runs.
paired() { paste -d' ' "$work/$1.runs" "$work/$2.runs" | awk -v c="$3" '{ printf "%.4f ", $c / $(NF / 2 + c) }'; }
pratio() { printf '%.2f' "$(median $(paired "$1" "$2" "$3"))"; }
limiter_cpu=$(pratio limited api 8); peer_cpu=$(pratio api peer 8); peer_rps=$(pratio api peer 2)
cpu_ratio=$(pratio api baseline 8); rps_ratio=$(pratio api baseline 2)
failed=0
for name in "${targets[@]}"; do failed=$((failed + $(sum "$name" 6) + $(sum "$name" 7))); done

status=0
verdict() { if "$@"; then echo met; else echo MISSED; status=1; fi; }
limiter_ok=$(verdict le "$limiter_cpu" 1.15)
peer_ok=$(verdict le "$peer_cpu" 1.2)
cpu_ok=$(verdict le "$cpu_ratio" 1.6)
rps_ok=$(verdict le 0.6 "$rps_ratio")
errors_ok=$(verdict test "$failed" -eq 0)
[[ $limiter_ok == met && $peer_ok == met && $cpu_ok == met && $rps_ok == met && $errors_ok == met ]] || status=1

echo
echo "throughput: POST /v1/scores, medians of $ROUNDS alternating runs of $DURATION (wrk -t$THREADS -c$CONNECTIONS), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  %-10s %9s %9s %9s %14s %16s %10s %8s\n' "" "req/s" "p50 ms" "p99 ms" "CPU us/req" "Redis CPU us/req" "requests" "failed"
for name in "${targets[@]}"; do
  label=$name; [[ $name == baseline ]] && label=floor; [[ $name == api ]] && label=service
  printf '  %-10s %9.0f %9.2f %9.2f %14.1f %16.1f %10d %8d\n' "$label" "$(median $(col "$name" 2))" "$(median $(col "$name" 3))" \
    "$(median $(col "$name" 4))" "$(median $(col "$name" 8))" "$(median $(col "$name" 9))" "$(sum "$name" 1)" "$(($(sum "$name" 6) + $(sum "$name" 7)))"
done
echo "  CPU per request, limiter on / off:  $limiter_cpu (target <= 1.15: $limiter_ok); per round: $(paired limited api 8 | xargs printf '%.2f ')"
echo "  CPU per request, service / peer:    $peer_cpu (target <= 1.2: $peer_ok); per round: $(paired api peer 8 | xargs printf '%.2f ')"
echo "  throughput, service / peer:         $peer_rps; per round: $(paired api peer 2 | xargs printf '%.2f ')"
echo "  CPU per request, service / floor:   $cpu_ratio (target <= 1.6: $cpu_ok); per round: $(paired api baseline 8 | xargs printf '%.2f ')"
echo "  throughput, service / floor:        $rps_ratio (target >= 0.6: $rps_ok); per round: $(paired api baseline 2 | xargs printf '%.2f ')"
echo "  failed requests (non-2xx + socket errors), all servers: $failed (target 0: $errors_ok)"
if [[ -n "${BEFORE_DIR:-}" ]]; then
  p_rps=$(median $(col before 2)); p_cpu=$(median $(col before 8)); p_p99=$(median $(col before 4))
  printf '  %-10s %9.0f %9s %9.2f %14.1f   (%s)\n' before "$p_rps" "" "$p_p99" "$p_cpu" "$BEFORE_DIR"
    echo "  before: CPU per request / floor $(pratio before baseline 8), throughput / floor $(pratio before baseline 2); now / before: CPU $(pratio api before 8), throughput $(pratio api before 2)"
fi
exit $status

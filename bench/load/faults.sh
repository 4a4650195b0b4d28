#!/usr/bin/env bash
# Redis faults under load. The service (Release, Redis on a free loopback port, rate limiting off,
# Cache:LocalTtl=0 unless LOCAL_TTL says otherwise, so every cached request is a Redis command) serves the
# cache mix of saturation.sh with wrk -t2 -c32 while a poller GETs a cohort ranking every 0.2 s and logs
# its status, X-Cache and time. Three runs, each its own wrk --latency:
#   clean   CLEAN (10 s) with Redis well: the reference latencies;
#   kill    KILL_RUN (40 s): redis-server is SIGKILLed after 8 s and started again (empty, same port)
#           10 s later. Passes with no failed request and caching back (the poller's X-Cache hit or miss
#           again, Redis holding keys again) within 10 s of the restart;
#   slow    SLOW_RUN (30 s): redis-server is stopped (SIGSTOP: it accepts nothing, answers nothing, the
#           connection stays up) after 8 s and continued (SIGCONT) 8 s later. Passes with no failed
#           request and latency bounded by the Redis timeout: p99 <= Cache:RedisTimeout + the clean p99,
#           max <= 2 x Cache:RedisTimeout (a GET and a SET may each wait it out) + the clean max.
# Exits 1 when any condition is not met.
#   bench/load/faults.sh                 # about 1.7 minutes
#   SKIP_BUILD=1 KEEP_LOGS=1 bench/load/faults.sh
# Loopback only; bounded; everything it starts (Redis included) is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
CLEAN=${CLEAN:-10}
KILL_RUN=${KILL_RUN:-40}
SLOW_RUN=${SLOW_RUN:-30}
REDIS_TIMEOUT_MS=250   # CacheOptions.RedisTimeout default; the service runs with its defaults
BREAK_S=3              # CacheOptions.BreakDuration default
work=$(mktemp -d)
source bench/load/lib.sh
start_mix
echo "# service $api_url (pid $api_pid), Redis 127.0.0.1:$redis_port (pid $redis_pid), Cache:LocalTtl=${LOCAL_TTL:-00:00:00}, RedisTimeout ${REDIS_TIMEOUT_MS} ms, BreakDuration ${BREAK_S} s"
wrk -t2 -c32 -d10s -s "$work/mix.lua" "$api_url" >/dev/null   # warm-up

now_ms() { date +%s%3N; }

# poll FILE: every 0.2 s, GET a ranking; logs "ms-since-epoch status x-cache seconds" until killed.
poll() {
  while true; do
    local out
    out=$(curl -s -o /dev/null -D - --max-time 5 -w 'TIME %{http_code} %{time_total}\n' "$api_url/v1/cohorts/pillars/ranking" | tr -d '\r' |
      awk -F': ' 'tolower($1) == "x-cache" { c = $2 } /^TIME / { split($0, a, " "); print a[2], (c == "" ? "-" : c), a[3] }')
    echo "$(now_ms) ${out:-000 - 5}"
    sleep 0.2
  done
}

# load NAME SECONDS: wrk in the background for SECONDS, the poller beside it; sets load_pid, poll_pid.
load() {
  wrk -t2 -c32 -d"$2"s --latency -s "$work/mix.lua" "$api_url" >"$work/$1.wrk" &
  load_pid=$!
  poll >"$work/$1.poll" &
  poll_pid=$!
  pids+=("$load_pid" "$poll_pid")
}
finish() { wait "$load_pid" || true; kill "$poll_pid" 2>/dev/null || true; wait "$poll_pid" 2>/dev/null || true; }

status=0
verdict() { if "$@"; then echo met; else echo MISSED; status=1; fi; }
failed() { # failed NAME: non-2xx + socket errors of wrk, plus the poller's non-200s
  local r; read -r _ _ _ _ _ n s < <(parse_wrk "$work/$1.wrk")
  r=$(awk '$2 != 200 { n++ } END { print n + 0 }' "$work/$1.poll")
  echo $((n + s + r))
}

# ---- clean ------------------------------------------------------------------------------------------
load clean "$CLEAN"; finish
read -r c_req c_rps c_p50 c_p99 c_max _ _ < <(parse_wrk "$work/clean.wrk")
c_failed=$(failed clean)
echo "clean:  $c_req requests ($c_rps/s), p50 $c_p50 ms, p99 $c_p99 ms, max $c_max ms, failed $c_failed"

# ---- kill -------------------------------------------------------------------------------------------
load kill "$KILL_RUN"
sleep 8
kill -KILL "$redis_pid"; wait "$redis_pid" 2>/dev/null || true
killed_at=$(now_ms)
echo "kill:   redis-server SIGKILLed at +8 s"
sleep 10
start_redis
restarted_at=$(now_ms)
echo "kill:   redis-server started again at +18 s (empty), port $redis_port"
keys_at=""
for _ in $(seq 150); do
  if [[ $(redis-cli -p "$redis_port" dbsize 2>/dev/null) -gt 0 ]]; then keys_at=$(now_ms); break; fi
  sleep 0.1
done
finish
read -r k_req k_rps k_p50 k_p99 k_max k_non2xx k_sock < <(parse_wrk "$work/kill.wrk")
k_failed=$(failed kill)
bypass=$(awk -v a="$killed_at" -v b="$restarted_at" '$1 >= a && $1 < b && $3 == "bypass" { n++ } $1 >= a && $1 < b { t++ } END { printf "%d of %d", n, t }' "$work/kill.poll")
# Caching back: the first poll after the restart answered from (or stored into) Redis again.
back_at=$(awk -v b="$restarted_at" '$1 >= b && ($3 == "hit" || $3 == "miss") { print $1; exit }' "$work/kill.poll")
back_s=$([[ -n $back_at ]] && awk -v a="$back_at" -v b="$restarted_at" 'BEGIN { printf "%.1f", (a - b) / 1000 }' || echo never)
keys_s=$([[ -n $keys_at ]] && awk -v a="$keys_at" -v b="$restarted_at" 'BEGIN { printf "%.1f", (a - b) / 1000 }' || echo never)
echo "kill:   $k_req requests ($k_rps/s), p50 $k_p50 ms, p99 $k_p99 ms, max $k_max ms; non-2xx $k_non2xx, socket errors $k_sock"
echo "kill:   poller during the outage: X-Cache bypass $bypass polls; after the restart X-Cache hit/miss again after $back_s s, Redis holding keys after $keys_s s"
echo "        poller around the restart (ms after restart, status, X-Cache, s):"
awk -v b="$restarted_at" '$1 >= b - 1000 && $1 <= b + 4000 { printf "          %+6d %s %-6s %s\n", $1 - b, $2, $3, $4 }' "$work/kill.poll" | head -24
kill_errors_ok=$(verdict test "$k_failed" -eq 0)
kill_back_ok=$(verdict test "$back_s" != never -a "$keys_s" != never)
[[ $kill_back_ok == met ]] && ! le "$back_s" 10 && { kill_back_ok=MISSED; status=1; }
[[ $kill_back_ok == met ]] && ! le "$keys_s" 10 && { kill_back_ok=MISSED; status=1; }

# ---- slow -------------------------------------------------------------------------------------------
load slow "$SLOW_RUN"
sleep 8
kill -STOP "$redis_pid"; stopped_at=$(now_ms)
echo "slow:   redis-server SIGSTOPped at +8 s"
sleep 8
kill -CONT "$redis_pid"; continued_at=$(now_ms)
echo "slow:   redis-server SIGCONTinued at +16 s"
finish
read -r s_req s_rps s_p50 s_p99 s_max s_non2xx s_sock < <(parse_wrk "$work/slow.wrk")
s_failed=$(failed slow)
poll_fault=$(awk -v a="$stopped_at" -v b="$continued_at" '$1 >= a && $1 <= b + 1000 { n++; if ($4 > m) m = $4; if ($3 == "bypass") y++ } END { printf "%d polls, max %.0f ms, bypass %d", n, m * 1000, y }' "$work/slow.poll")
back_slow=$(awk -v b="$continued_at" '$1 >= b && ($3 == "hit" || $3 == "miss") { printf "%.1f", ($1 - b) / 1000; exit }' "$work/slow.poll")
p99_bound=$(awk -v a="$REDIS_TIMEOUT_MS" -v b="$c_p99" 'BEGIN { printf "%.0f", a + b }')
max_bound=$(awk -v a="$REDIS_TIMEOUT_MS" -v b="$c_max" 'BEGIN { printf "%.0f", 2 * a + b }')
echo "slow:   $s_req requests ($s_rps/s), p50 $s_p50 ms, p99 $s_p99 ms, max $s_max ms; non-2xx $s_non2xx, socket errors $s_sock"
echo "slow:   poller while Redis was stopped (+1 s): $poll_fault; X-Cache hit/miss again ${back_slow:-never} s after SIGCONT"
slow_errors_ok=$(verdict test "$s_failed" -eq 0)
slow_p99_ok=$(verdict le "$s_p99" "$p99_bound")
slow_max_ok=$(verdict le "$s_max" "$max_bound")
# (verdict runs in a subshell: its status=1 is lost there, so the words decide)
[[ "$kill_errors_ok $kill_back_ok $slow_errors_ok $slow_p99_ok $slow_max_ok" != *MISSED* ]] || status=1

echo
echo "faults: the cache mix under wrk -t2 -c32, Redis RedisTimeout ${REDIS_TIMEOUT_MS} ms, BreakDuration ${BREAK_S} s, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  %-7s %9s %9s %9s %9s %9s\n' run requests "p50 ms" "p99 ms" "max ms" failed
printf '  %-7s %9d %9.2f %9.2f %9.2f %9d\n' clean "$c_req" "$c_p50" "$c_p99" "$c_max" "$c_failed"
printf '  %-7s %9d %9.2f %9.2f %9.2f %9d\n' kill "$k_req" "$k_p50" "$k_p99" "$k_max" "$k_failed"
printf '  %-7s %9d %9.2f %9.2f %9.2f %9d\n' slow "$s_req" "$s_p50" "$s_p99" "$s_max" "$s_failed"
echo "  Redis SIGKILLed 10 s: failed requests $k_failed (target 0: $kill_errors_ok); caching back ${back_s} s after the restart, keys in Redis after ${keys_s} s (target <= 10 s: $kill_back_ok)"
echo "  Redis SIGSTOPped 8 s: failed requests $s_failed (target 0: $slow_errors_ok); p99 $s_p99 ms (bound $p99_bound ms = timeout + clean p99: $slow_p99_ok); max $s_max ms (bound $max_bound ms = 2 x timeout + clean max: $slow_max_ok)"
[[ $status == 0 ]] || { echo "# service log (warnings):"; grep -E '"LogLevel":"(Warning|Error)' "$work/api.log" | cut -c1-300 | tail -8; }
exit $status

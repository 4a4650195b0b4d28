#!/usr/bin/env bash
# The service at saturation on a mix that goes through the cache, for DURATION (default 60 s): single
# scores (plain, and ranked in a cohort whose ranking comes from the cache) and cohort rankings
# (GET /v1/cohorts/{id}/ranking, three cache keys), wrk -t2 -c32 round-robin over six requests. The
# service runs in Release with Redis (a redis-server on a free loopback port), rate limiting off, and
# Cache:LocalTtl=0 unless LOCAL_TTL says otherwise, so every cached request is a Redis GET (and a SET when
# missing). Its resident memory is sampled from /proc/<pid>/status every RSS_EVERY seconds.
# Passes when: no non-2xx answer and no socket error, and the mean RSS of the last 10 s is at most
# 1.25 x that of the first 10 s (after a warm-up). Exits 1 otherwise.
#   bench/load/saturation.sh                      # about 1.5 minutes
#   DURATION=30s SKIP_BUILD=1 bench/load/saturation.sh
# Loopback only; bounded by DURATION; everything it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-60s}
WARMUP=${WARMUP:-10s}
RSS_EVERY=${RSS_EVERY:-2}
work=$(mktemp -d)
source bench/load/lib.sh
start_mix
echo "# service $api_url (pid $api_pid), Redis 127.0.0.1:$redis_port, Cache:LocalTtl=${LOCAL_TTL:-00:00:00}; cohorts: $cohort_source + synthetic pillars"
for path in /v1/cohorts/bench/ranking /v1/cohorts/pillars/ranking; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$api_url$path")
  [[ $code == 200 ]] || { echo "saturation.sh: GET $path answered $code" >&2; tail -20 "$work/api.log" >&2; exit 1; }
done

echo "# warm-up: $WARMUP of the mix"
wrk -t2 -c32 -d"$WARMUP" -s "$work/mix.lua" "$api_url" >/dev/null
hits0=$(redis_stat keyspace_hits); misses0=$(redis_stat keyspace_misses); cmds0=$(redis_stat total_commands_processed)
t0=$(cpu_ticks "$api_pid")

echo "# $DURATION at saturation: wrk -t2 -c32 --latency, the mix; RSS every $RSS_EVERY s"
seconds=${DURATION%s}
( start=$(date +%s.%N)
  while kill -0 "$api_pid" 2>/dev/null; do
    echo "$(awk -v s="$start" -v n="$(date +%s.%N)" 'BEGIN { printf "%.1f", n - s }') $(rss_mb "$api_pid")"
    sleep "$RSS_EVERY"
  done ) >"$work/rss.txt" 2>/dev/null &
sampler=$!
pids+=("$sampler")
wrk -t2 -c32 -d"$DURATION" --latency -s "$work/mix.lua" "$api_url" >"$work/wrk.out"
kill "$sampler" 2>/dev/null || true
t1=$(cpu_ticks "$api_pid")
hits=$(($(redis_stat keyspace_hits) - hits0)); misses=$(($(redis_stat keyspace_misses) - misses0)); cmds=$(($(redis_stat total_commands_processed) - cmds0))

read -r requests rps p50 p99 max non2xx sock < <(parse_wrk "$work/wrk.out")
read -r rss_first rss_last rss_max < <(awk -v d="$seconds" '
  { t[NR] = $1; r[NR] = $2; if ($2 > m) m = $2 }
  $1 <= 10 { fs += $2; fn++ } $1 >= d - 10 { ls += $2; ln++ }
  END { printf "%.1f %.1f %.1f\n", fn ? fs / fn : 0, ln ? ls / ln : 0, m }' "$work/rss.txt")
cpu=$(awk -v d=$((t1 - t0)) -v hz="$clk_tck" -v n="$requests" 'BEGIN { printf "%.1f", (n > 0 ? d / hz * 1e6 / n : 0) }')
growth=$(ratio "$rss_last" "$rss_first")

status=0
verdict() { if "$@"; then echo met; else echo MISSED; status=1; fi; }
errors_ok=$(verdict test $((non2xx + sock)) -eq 0)
rss_ok=$(verdict le "$growth" 1.25)
# (verdict runs in a subshell: its status=1 is lost there, so the words decide)
[[ "$errors_ok $rss_ok" != *MISSED* ]] || status=1

echo
echo "saturation: $DURATION of the cache mix (wrk -t2 -c32), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  requests %d (%.0f/s), p50 %.2f ms, p99 %.2f ms, max %.2f ms, CPU %.1f us/request\n' "$requests" "$rps" "$p50" "$p99" "$max" "$cpu"
echo "  non-2xx $non2xx, socket errors $sock (target 0: $errors_ok)"
echo "  Redis during the run: $cmds commands, keyspace hits $hits, misses $misses"
echo "  RSS: first 10 s $rss_first MB, last 10 s $rss_last MB (x$growth, target <= 1.25: $rss_ok), max $rss_max MB; samples: $(awk '{ printf "%s ", $2 }' "$work/rss.txt")"
[[ $status == 0 ]] || { echo "# service log tail:"; tail -5 "$work/api.log"; }
exit $status

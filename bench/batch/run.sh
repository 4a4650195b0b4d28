#!/usr/bin/env bash
# The batch benchmark: ROWS rows of CSV scored and ranked (gaii-2021, rank=batch) three ways, on the same
# file, in the same run, each RUNS times in turn (interleaved, so a busy neighbour slows all three alike):
#   http      the service over HTTP: curl uploads the file and saves the answer (the whole round trip), to
#             `dotnet src/ReadinessApi/bin/Release/net10.0/ReadinessApi.dll --urls http://127.0.0.1:<port>`
#             started here, after three warm-up batches of 200 000 rows (so the hot loop is fully JIT-compiled:
#             a fresh process's first large batch runs partly in tier-0 code and takes about twice as long);
#   pandas    bench/batch/pandas_baseline.py under /usr/bin/python3 (Debian's python3-pandas);
#   baseline  bench/batch/Baseline, a plain C# file-to-file loop doing the same work.
# Reports the median times, the ratios against the targets (http <= 0.4 x pandas, <= 2 x baseline), the
# service's peak memory (VmHWM from /proc/<pid>/status, target < 300 MB), checks that the three answers
# agree, and then streams the same file with rank=none through a fresh service process to show its peak.
#   bench/batch/run.sh [ROWS=1000000] [RUNS=3]          (data and answers go to artifacts/bench/batch/)
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
runs=${2:-3}
work=${BENCH_DIR:-artifacts/bench/batch}
mkdir -p "$work"
py=/usr/bin/python3
"$py" -c 'import pandas' 2>/dev/null || { echo "run.sh: needs python3-pandas under $py (apt-get install -y python3-pandas)" >&2; exit 1; }
command -v curl >/dev/null || { echo "run.sh: needs curl" >&2; exit 1; }

data="$work/gaii-$rows.csv"
warm="$work/gaii-200000.csv"
[[ -f $data ]] || { echo "generating $rows rows -> $data"; "$py" bench/batch/generate.py "$rows" "$data"; }
[[ -f $warm ]] || "$py" bench/batch/generate.py 200000 "$warm" 7
dotnet build src/ReadinessApi -c Release -nologo -clp:ErrorsOnly -v:q >/dev/null
dotnet build bench/batch/Baseline -c Release -nologo -clp:ErrorsOnly -v:q >/dev/null
dll=src/ReadinessApi/bin/Release/net10.0/ReadinessApi.dll
baseline=bench/batch/Baseline/bin/Release/net10.0/Baseline.dll

pid=""
stop() { if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap stop EXIT

# Starts the service on the first free loopback port from 5290; sets pid and url.
start() {
  local port=5290
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  url="http://127.0.0.1:$port"
  RateLimiting__Enabled=false Logging__LogLevel__Default=Warning Batch__MaxRows=$((rows > 1000000 ? rows : 1000000)) \
    Batch__MaxBytes=$((4 * 1024 * 1024 * 1024)) dotnet "$dll" --urls "$url" >"$work/service.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -sf "$url/health/live" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "run.sh: the service did not start; see $work/service.log" >&2; exit 1
}

post() { # post FILE RANK OUT
  curl -sS --fail -T "$1" -X POST "$url/v1/scores/batch?methodology=gaii-2021&rank=$2" \
    -H 'Content-Type: text/csv' -H 'Expect:' -o "$3"
}

peak_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status"; }

seconds() { # seconds COMMAND... : wall time of one run
  local t0 t1
  t0=$(date +%s%N); "$@"; t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}

median() { tr ' ' '\n' <<<"$*" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

start
for _ in 1 2 3; do post "$warm" batch /dev/null; done
idle=$(peak_mb)

declare -a http pandas base
for run in $(seq "$runs"); do
  http+=("$(seconds post "$data" batch "$work/out-http.csv")")
  pandas+=("$(seconds "$py" bench/batch/pandas_baseline.py "$data" "$work/out-pandas.csv")")
  base+=("$(seconds dotnet "$baseline" "$data" "$work/out-baseline.csv" 2>/dev/null)")
  echo "run $run: http ${http[-1]} s, pandas ${pandas[-1]} s, baseline ${base[-1]} s"
done
peak=$(peak_mb)
stop

h=$(median "${http[@]}"); p=$(median "${pandas[@]}"); b=$(median "${base[@]}")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
vs_pandas=$(ratio "$h" "$p"); vs_base=$(ratio "$h" "$b")
verdict() { awk -v a="$1" -v b="$2" 'BEGIN { print (a <= b) ? "met" : "MISSED" }'; }

# The same file streamed with rank=none through a fresh process: its peak shows what streaming holds.
start
for _ in 1 2 3; do post "$warm" none /dev/null; done
stream_time=$(seconds post "$data" none "$work/out-stream.csv")
stream_peak=$(peak_mb)
stop

size=$(du -m "$data" | cut -f1)
echo
echo "batch benchmark: $rows rows ($size MB of CSV), gaii-2021 rank=batch, median of $runs runs, $(nproc) cores"
printf '  %-34s %7.2f s\n' "http round trip (curl -> service)" "$h"
printf '  %-34s %7.2f s   http/pandas   %s (target <= 0.40: %s)\n' "pandas file to file" "$p" "$vs_pandas" "$(verdict "$vs_pandas" 0.40)"
printf '  %-34s %7.2f s   http/baseline %s (target <= 2.00: %s)\n' "plain C# file to file (Baseline)" "$b" "$vs_base" "$(verdict "$vs_base" 2.00)"
printf '  %-34s %7s MB  (after warm-up %s MB; target < 300: %s)\n' "service peak memory (VmHWM)" "$peak" "$idle" "$(verdict "$peak" 299)"
printf '  %-34s %7.2f s, peak %s MB\n' "rank=none, streamed, fresh process" "$stream_time" "$stream_peak"
echo "answers (against the service's):"
"$py" bench/batch/compare.py "$work/out-http.csv" "$work/out-pandas.csv" "$work/out-baseline.csv"

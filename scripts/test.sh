#!/usr/bin/env bash
# The whole test suite, as the README and CI run it:
#   scripts/test.sh            (from the repository root, or anywhere)
# Finds or starts a Redis (Testcontainers where a Docker engine answers; else a redis-server started
# here on loopback, installed from Debian's packages when missing and running as root), builds once,
# runs every test project and the offline deployment checks, lists every skipped test with its reason,
# and prints one closing line "N passed, N failed, N skipped" summed over all of them. Exit status is
# non-zero when anything failed, or (with CI=true) when anything was skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"

redis_pid_dir=""
cleanup() {
  if [[ -n "$redis_pid_dir" && -f "$redis_pid_dir/redis.pid" ]]; then
    redis-cli -p "$REDIS_TEST_PORT" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$redis_pid_dir/redis.pid")" 2>/dev/null || true
  fi
}
trap cleanup EXIT

docker_answers() { command -v docker >/dev/null 2>&1 && timeout 5 docker info >/dev/null 2>&1; }

if [[ -z "${REDIS_CONNECTION:-}" ]] && ! docker_answers; then
  if ! command -v redis-server >/dev/null 2>&1; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
      echo "test.sh: installing redis-server from Debian's packages"
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server redis-tools >/dev/null
    else
      echo "test.sh: no Docker engine and no redis-server; install one (apt-get install redis-server) or set REDIS_CONNECTION" >&2
      exit 1
    fi
  fi
  # The first free port from 6390 up, so that parallel runs on one machine do not share a server.
  port=${REDIS_TEST_PORT:-6390}
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  export REDIS_TEST_PORT=$port
  redis_pid_dir=$(mktemp -d)
  redis-server --port "$REDIS_TEST_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
    --pidfile "$redis_pid_dir/redis.pid" --logfile "$redis_pid_dir/redis.log" --dir "$redis_pid_dir"
  for _ in $(seq 50); do redis-cli -p "$REDIS_TEST_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  export REDIS_CONNECTION="127.0.0.1:$REDIS_TEST_PORT"
  echo "test.sh: started redis-server on $REDIS_CONNECTION"
fi

dotnet tool restore >/dev/null
dotnet build ReadinessApi.sln -c Release -nologo -clp:ErrorsOnly

status=0
# One project at a time, each with its own results file, so the counts below cover every project.
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    -- RunConfiguration.TreatNoTestsAsError=true || status=1
done

# Counts from the results files, test by test: a test that did not run (NotExecuted: skipped, dynamically
# too) is counted as skipped and listed with its reason, never counted as passed.
command -v python3 >/dev/null 2>&1 || { echo "test.sh: python3 reads the results files; install it (apt-get install python3)" >&2; exit 1; }
shopt -s nullglob
read -r passed failed skipped < <(python3 - "$results"/*.trx <<'PY'
import sys
import xml.etree.ElementTree as ET
ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
passed = failed = skipped = 0
for path in sys.argv[1:]:
    for result in ET.parse(path).getroot().iter(ns + "UnitTestResult"):
        outcome = result.get("outcome")
        if outcome == "Passed":
            passed += 1
        elif outcome == "NotExecuted":
            skipped += 1
            reason = next((e.text for e in (result.find(f"{ns}Output/{ns}ErrorInfo/{ns}Message"), result.find(f"{ns}Output/{ns}StdOut")) if e is not None and e.text), "no reason given")
            print(f"skipped: {result.get('testName')}: {' '.join(reason.split())}", file=sys.stderr)
        else:
            failed += 1
print(passed, failed, skipped)
PY
)

# Checks outside .NET (deployment manifests, OpenAPI lint, browser) report "<name>: N passed, N failed[, N skipped]".
for check in scripts/checks/*.sh; do
  [[ -f "$check" ]] || continue
  out=$(bash "$check" 2>&1) || status=1
  printf '%s\n' "$out"
  line=$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' <<<"$out" | tail -n 1 || true)
  if [[ -n "$line" ]]; then
    p=$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line"); f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
    k=$(sed -nE 's/.* ([0-9]+) skipped.*/\1/p' <<<"$line")
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + ${k:-0}))
  else
    failed=$((failed + 1)); echo "test.sh: $check printed no summary line" >&2
  fi
done

[[ $passed -gt 0 ]] || { echo "test.sh: no test ran" >&2; status=1; }
[[ $failed -eq 0 ]] || status=1
# CI has ../shared beside the checkout: there every test must run.
if [[ "${CI:-}" == "true" && $skipped -gt 0 ]]; then
  echo "test.sh: $skipped tests skipped in CI, where every test must run" >&2
  status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status

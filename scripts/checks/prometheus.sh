#!/usr/bin/env bash
# The Grafana dashboard on a real Prometheus (Debian's package, installed here when missing and running as
# root, as scripts/test.sh does for redis-server): promtool lints /metrics, Prometheus scrapes the started
# Release build every second through scripted traffic (a 4xx burst, its own Redis killed and restarted),
# and every dashboard expression is evaluated and checked against what the traffic did. About a minute,
# loopback only. Closing line: "prometheus: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "prometheus.sh: installing prometheus from Debian's packages"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  else
    echo "prometheus.sh: no prometheus/promtool; install Debian's package (apt-get install prometheus)" >&2
    echo "prometheus: 0 passed, 1 failed"
    exit 1
  fi
fi
command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 || { echo "prometheus.sh: no redis-server/redis-cli (scripts/test.sh installs them)" >&2; echo "prometheus: 0 passed, 1 failed"; exit 1; }
node tests/consumers/prometheus.mjs

#!/usr/bin/env bash
# Regenerates the committed contract openapi/readiness-api.v1.json from the Release build, offline,
# with the Swashbuckle CLI (a local tool). The test suite fails while the served document differs.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet build src/ReadinessApi -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet swagger tofile --openapiversion 3.1 --output openapi/readiness-api.v1.json \
  src/ReadinessApi/bin/Release/net10.0/ReadinessApi.dll v1 >/dev/null
echo "openapi/readiness-api.v1.json regenerated"

#!/usr/bin/env bash
# Offline checks of the container image definition and the Kubernetes manifests:
#   scripts/check-deploy.sh            (about 20 s)
#   scripts/check-deploy.sh --image    (plus 1-3 minutes: build with the Dockerfile's own commands
#                                       and run the service as the image and the base would; needs
#                                       the .NET SDK and the service's code)
# Installs the pinned checkers (deploy/package-lock.json, npm ci), then runs deploy/test/*.test.mjs:
# each kustomization renders (kubectl kustomize), every rendered object fits the Kubernetes schemas
# with no unknown field, the policy rules pass, the Dockerfile and .dockerignore parse and follow
# the image rules, and every rule is shown to fail on a manifest or Dockerfile broken on purpose.
# Needs node >= 20, npm and kubectl (>= 1.27, for its built-in kustomize v5); no cluster, no Docker.
# Prints the test report, then one closing line "deploy-checks: N passed, N failed"; exits non-zero
# when anything failed or could not run.
set -uo pipefail
cd "$(dirname "$0")/.."
kubectl=${KUBECTL:-kubectl}
tests=(deploy/test/*.test.mjs)
case "${1:-}" in
  '') ;;
  --image) tests+=(deploy/image/*.test.mjs) ;;
  *) echo "usage: scripts/check-deploy.sh [--image]" >&2; exit 2 ;;
esac

give_up() {
  echo "check-deploy: $*" >&2
  echo "deploy-checks: 0 passed, 1 failed"
  exit 1
}

command -v node >/dev/null 2>&1 || give_up "node not found: install Node.js >= 20"
command -v npm >/dev/null 2>&1 || give_up "npm not found: install npm"
command -v "$kubectl" >/dev/null 2>&1 ||
  give_up "kubectl not found: install kubectl >= 1.27 (it carries kustomize), or set KUBECTL to its path"
echo "check-deploy: node $(node --version), $("$kubectl" version --client 2>/dev/null | tr '\n' ' ')"

# npm ci when the lock file changed since the last install (a stamp records its hash).
lock_hash=$(sha256sum deploy/package-lock.json | cut -d' ' -f1)
stamp=deploy/node_modules/.installed-lock-sha256
if [[ ! -f $stamp || $(cat "$stamp") != "$lock_hash" ]]; then
  echo "check-deploy: npm ci in deploy/"
  # kubernetes-models 5 declares node >= 22 but runs on 20 (its tests here pass); keep npm quiet about it.
  npm ci --prefix deploy --no-audit --no-fund --loglevel=error >/dev/null || give_up "npm ci in deploy/ failed"
  echo "$lock_hash" >"$stamp"
fi

tap=$(mktemp)
trap 'rm -f "$tap"' EXIT
node --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  "${tests[@]}"
status=$?

passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -n 1)
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -n 1)
if [[ -z $passed || -z $failed ]]; then
  echo "check-deploy: the test runner printed no counts (exit $status)" >&2
  passed=${passed:-0} failed=$((${failed:-0} + 1))
elif [[ $status -ne 0 && $failed -eq 0 ]]; then
  echo "check-deploy: the test runner exited $status with no failed test" >&2
  failed=1
fi

echo
echo "Not run here: 'docker build' and running the image need a Docker engine (docs/deploy.md,"
echo "'Checks'); applying the manifests needs a cluster (kubectl apply --dry-run=server there)."
[[ ${1:-} == --image ]] || echo "Not run: the emulated image build and run (scripts/check-deploy.sh --image)."
echo "deploy-checks: $passed passed, $failed failed"
[[ $failed -eq 0 ]]

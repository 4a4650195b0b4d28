#!/usr/bin/env bash
# Offline checks of the Dockerfile and the Kubernetes manifests (see docs/deploy.md).
exec "$(dirname "$0")/../check-deploy.sh"

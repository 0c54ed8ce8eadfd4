#!/usr/bin/env sh
# Builds the tributary image where a Docker engine runs: scripts/docker-build.sh [TAG]
set -eu
cd "$(dirname "$0")/.."
if ! docker info >/dev/null 2>&1; then
    echo "No Docker engine is reachable here; run this where 'docker info' works." >&2
    exit 1
fi
exec docker build -t "${1:-tributary:latest}" .

#!/usr/bin/env bash
# Times `docker images` and `docker image inspect IMAGE` against wharfd, and against a dockerd when its socket is given.
# Usage: bench/images.sh [DOCKERD_SOCKET]      (hyperfine when installed, else a timed loop)
set -euo pipefail

wharf=${WHARF_SOCKET:-/var/run/wharf.sock}
dockerd=${1:-}
runs=${BENCH_RUNS:-50}
image=${BENCH_IMAGE:-busybox}
docker=$(command -v docker || true)
[[ -n $docker ]] || { echo "the docker CLI is required" >&2; exit 1; }

sockets=("wharfd=$wharf")
[[ -n $dockerd ]] && sockets+=("dockerd=$dockerd")
for entry in "${sockets[@]}"; do
    sock=${entry#*=}
    [[ -S $sock ]] || { echo "no socket at $sock (${entry%%=*})" >&2; exit 1; }
    DOCKER_HOST=unix://$sock "$docker" image inspect "$image" >/dev/null \
        || { echo "${entry%%=*} has no image $image" >&2; exit 1; }
done

# A throwaway config dir, so that contexts and plugins of the user do not skew the numbers.
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT
export DOCKER_CONFIG=$config DOCKER_CLI_HINTS=false

commands=("images" "image inspect $image")

if command -v hyperfine >/dev/null 2>&1; then
    for cmd in "${commands[@]}"; do
        args=()
        for entry in "${sockets[@]}"; do
            args+=(--command-name "${entry%%=*}: docker $cmd" "DOCKER_HOST=unix://${entry#*=} $docker $cmd")
        done
        hyperfine --warmup 3 --runs "$runs" --shell=bash --style basic "${args[@]}"
    done
    exit 0
fi

echo "hyperfine is not installed; timing $runs runs in a loop (apt-get install hyperfine for statistics)"
printf '%-10s %-32s %10s\n' daemon command "mean ms"
for cmd in "${commands[@]}"; do
    for entry in "${sockets[@]}"; do
        export DOCKER_HOST=unix://${entry#*=}
        read -ra argv <<<"$cmd"
        for _ in 1 2 3; do "$docker" "${argv[@]}" >/dev/null; done   # warm-up
        start=$(date +%s%N)
        for ((i = 0; i < runs; i++)); do "$docker" "${argv[@]}" >/dev/null; done
        end=$(date +%s%N)
        printf '%-10s %-32s %10.1f\n' "${entry%%=*}" "docker $cmd" "$(awk -v ns=$((end - start)) -v n="$runs" 'BEGIN { print ns / n / 1e6 }')"
    done
done

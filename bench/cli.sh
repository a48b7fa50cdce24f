#!/usr/bin/env bash
# Times the NativeAOT `wharf` CLI against the docker CLI on the same daemon, side by side:
# `version`, `images` and `ps -a` (with BENCH_CONTAINERS, default 100, created containers on the daemon: the script
# creates them from a tiny imported image and removes them, and the image, at exit), the median wall time of
# BENCH_RUNS runs (default 20) each.
# Usage: bench/cli.sh [SOCKET]     (default /var/run/wharf.sock; a dockerd socket works too)
# Environment: WHARF_BIN (default: publish src/Wharf.Cli for linux-x64 into bench/.out), BENCH_RUNS, BENCH_CONTAINERS.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
sock=${1:-/var/run/wharf.sock}
runs=${BENCH_RUNS:-20}
containers=${BENCH_CONTAINERS:-100}
docker=$(command -v docker || true)
python=/usr/bin/python3
[[ -n $docker ]] || { echo "the docker CLI is required" >&2; exit 1; }
[[ -S $sock ]] || { echo "no socket at $sock" >&2; exit 1; }

wharf=${WHARF_BIN:-}
if [[ -z $wharf ]]; then
    echo "publishing the NativeAOT wharf binary (dotnet publish -c Release -r linux-x64)..." >&2
    dotnet publish "$root/src/Wharf.Cli" -c Release -r linux-x64 -o "$root/bench/.out" >/dev/null
    wharf=$root/bench/.out/wharf
fi

# Throwaway config dirs, so that the user's contexts and plugins do not skew the numbers.
config=$(mktemp -d)
export DOCKER_CONFIG=$config/docker WHARF_CONFIG=$config/wharf DOCKER_CLI_HINTS=false
unset DOCKER_CONTEXT WHARF_CONTEXT WHARF_HOST
export DOCKER_HOST=unix://$sock

# The containers for `ps`: created, never started, so the image needs no files; a label marks them for removal.
label=wharf-bench-cli=$$
image=wharf-bench/empty:$$
cleanup() {
    local ids
    ids=$("$docker" ps -aq --filter "label=$label" 2>/dev/null || true)
    [[ -z $ids ]] || "$docker" rm -f $ids >/dev/null 2>&1 || true
    "$docker" rmi "$image" >/dev/null 2>&1 || true
    rm -rf "$config"
}
trap cleanup EXIT
mkdir -p "$config/rootfs"
tar -C "$config/rootfs" -cf - . | "$docker" import -c 'CMD ["/bench"]' - "$image" >/dev/null
echo "creating $containers containers..." >&2
for ((i = 0; i < containers; i++)); do
    # Quietly: a daemon without networks warns on every create.
    "$docker" create --label "$label" "$image" >/dev/null 2>"$config/create.err" || { cat "$config/create.err" >&2; exit 1; }
done

# Median wall times in ms of $runs runs each of wharf and docker with the given arguments, alternating so that a change
# in the machine's load weighs on both alike: "WHARF DOCKER". Each run is timed from posix_spawn to its exit. (Timing
# from bash added bash's own fork, ~0.5-1 ms, to both sides, and `date` forks around each run 2-3 ms more: they
# flattened the ratio of commands this short.)
medians() {
    "$python" - "$runs" "$wharf" "$docker" "$@" <<'EOF'
import os, sys, time
runs, binaries, args = int(sys.argv[1]), sys.argv[2:4], sys.argv[4:]
null = os.open(os.devnull, os.O_WRONLY)
quiet = [(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]

def once(binary):
    start = time.perf_counter_ns()
    pid = os.posix_spawnp(binary, [binary, *args], os.environ, file_actions=quiet)
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter_ns() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {binary} {' '.join(args)}")
    return elapsed

def median(times):
    times = sorted(times)
    middle = len(times) // 2
    return times[middle] if len(times) % 2 else (times[middle - 1] + times[middle]) / 2

for binary in binaries:
    once(binary)   # warm-up, and a check
times = [[], []]
for _ in range(runs):
    for i, binary in enumerate(binaries):
        times[i].append(once(binary))
print(" ".join(f"{median(t) / 1e6:.1f}" for t in times))
EOF
}

printf 'daemon: %s, %d runs each (wharf and docker alternating), median wall time\n\n' "$sock" "$runs"
printf '%-10s %12s %12s %8s\n' command "wharf (ms)" "docker (ms)" ratio
for cmd in version images "ps -a"; do
    read -r w d < <(medians $cmd) || { echo "failed: $cmd" >&2; exit 1; }
    printf '%-10s %12s %12s %8s\n' "$cmd" "$w" "$d" "$(awk -v w="$w" -v d="$d" 'BEGIN { printf "%.2fx", w / d }')"
done
printf '\n(ps -a lists %d containers; goal: wharf at most 0.3x docker)\n' "$("$wharf" ps -aq | wc -l)"

#!/usr/bin/env bash
# Times container operations with the real docker CLI against a private wharfd and, with --dockerd, a private dockerd
# (Debian's docker.io 20.10) on the same machine, side by side, and prints a table with ratios:
#   run     `docker run --rm --network none IMAGE true`, median of BENCH_RUNS (20)
#   ps      `docker ps -a` with BENCH_CONTAINERS (100) created containers, median of BENCH_PS_RUNS (10)
#   list    GET /containers/json?all=1 with those containers: requests per second over BENCH_SECONDS (5) from one
#           keep-alive client (python3 http.client over the unix socket)
#   memory  the daemon's resident memory (VmRSS; dockerd's with its containerd's) idle after start, and idle after the
#           list load
# Usage: bench/containers.sh [--dockerd [PATH]]      (as root; PATH defaults to /usr/sbin/dockerd)
# Builds nothing: it expects the Release output of wharfd in artifacts/wharfd (scripts/setup.sh makes it, or
# `dotnet publish src/Wharf.Daemon -c Release -o artifacts/wharfd`); WHARFD_BIN overrides the path.
# Both daemons get their own temp data root, exec root, pidfile and socket; dockerd runs with --bridge=none
# --iptables=false --ip-masq=false --ip-forward=false, so it creates no bridge, rule or sysctl. Both get the same
# busybox rootfs (scripts/busybox-rootfs.sh) imported as the same image. They run one after the other. Everything
# (containers, both daemons by pid, mounts, temp directories) is removed on every exit path.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
wharfd_bin=${WHARFD_BIN:-$root/artifacts/wharfd/wharfd}
dockerd_bin=
runs=${BENCH_RUNS:-20}
ps_runs=${BENCH_PS_RUNS:-10}
containers=${BENCH_CONTAINERS:-100}
seconds=${BENCH_SECONDS:-5}
image=bench-busybox:1
python=/usr/bin/python3

while (($#)); do
    case $1 in
        --dockerd)
            dockerd_bin=/usr/sbin/dockerd
            if [[ ${2:-} == /* ]]; then dockerd_bin=$2; shift; fi
            ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

docker=$(command -v docker || true)
[[ -n $docker ]] || { echo "the docker CLI is required" >&2; exit 1; }
[[ $(id -u) == 0 ]] || { echo "containers.sh must run as root (both daemons run containers)" >&2; exit 1; }
[[ -x $wharfd_bin ]] || { echo "no wharfd at $wharfd_bin: run scripts/setup.sh or dotnet publish src/Wharf.Daemon -c Release -o artifacts/wharfd" >&2; exit 1; }
[[ -z $dockerd_bin || -x $dockerd_bin ]] || { echo "no dockerd at $dockerd_bin (apt-get install docker.io)" >&2; exit 1; }

# /var/tmp: a real disk for overlayfs upper layers; short names, since a unix socket path must fit in 108 bytes.
work=$(mktemp -d /var/tmp/wbench-XXXXXX)
declare -A daemon_pid=()
declare -A daemon_sock=()

stop_daemon() {
    local name=$1 pid=${daemon_pid[$1]:-}
    [[ -n $pid ]] || return 0
    # Remove what this script created while the daemon still answers, then stop it by its pid.
    DOCKER_HOST=unix://${daemon_sock[$name]} "$docker" ps -aq --filter label=wharf-bench 2>/dev/null \
        | xargs -r -n 50 env DOCKER_HOST="unix://${daemon_sock[$name]}" "$docker" rm -f >/dev/null 2>&1 || true
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then
            echo "$name (pid $pid) ignored SIGTERM for 30 s; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    # dockerd stops the containerd it started; after a kill -9 that one is left, and it is ours to stop too.
    local child=$work/d/exec/containerd/containerd.pid
    if [[ $name == dockerd && -s $child ]] && kill -0 "$(cat "$child")" 2>/dev/null \
        && tr '\0' ' ' <"/proc/$(cat "$child")/cmdline" | grep -qF "$work/"; then
        kill -TERM "$(cat "$child")" 2>/dev/null || true
    fi
    unset "daemon_pid[$name]"
}

cleanup() {
    local code=$?
    set +e
    for name in "${!daemon_pid[@]}"; do stop_daemon "$name"; done
    # Whatever a killed daemon left mounted under our directory (deepest first).
    awk -v w="$work/" 'index($2, w) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done
    rm -rf "$work"
    exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_for_ping() {
    local name=$1 sock=$2 log=$3
    for _ in $(seq 1 600); do
        if DOCKER_HOST=unix://$sock "$docker" version >/dev/null 2>&1; then return 0; fi
        kill -0 "${daemon_pid[$name]}" 2>/dev/null || { echo "$name exited during start-up; its log:" >&2; tail -n 30 "$log" >&2; exit 1; }
        sleep 0.1
    done
    echo "$name did not answer within 60 s; its log: $log" >&2
    tail -n 30 "$log" >&2
    exit 1
}

start_wharfd() {
    local d=$work/w
    mkdir -p "$d"
    daemon_sock[wharfd]=$d/wharf.sock
    setsid "$wharfd_bin" -H "unix://$d/wharf.sock" --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/wharfd.pid" \
        >"$d/log" 2>&1 </dev/null &
    daemon_pid[wharfd]=$!
    wait_for_ping wharfd "$d/wharf.sock" "$d/log"
}

start_dockerd() {
    local d=$work/d
    mkdir -p "$d"
    echo '{}' >"$d/daemon.json"   # not /etc/docker/daemon.json: the machine's settings must not leak in
    daemon_sock[dockerd]=$d/docker.sock
    setsid "$dockerd_bin" --config-file "$d/daemon.json" -H "unix://$d/docker.sock" --data-root "$d/data" \
        --exec-root "$d/exec" --pidfile "$d/dockerd.pid" --bridge=none --iptables=false --ip-masq=false \
        --ip-forward=false >"$d/log" 2>&1 </dev/null &
    daemon_pid[dockerd]=$!
    wait_for_ping dockerd "$d/docker.sock" "$d/log"
}

# Median wall time in milliseconds of $1 runs of the rest (output discarded; a failure aborts with its output).
median_ms() {
    local n=$1 start end times=()
    shift
    "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; "$@" >&2; exit 1; }   # warm-up, and a check
    for ((i = 0; i < n; i++)); do
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
        end=$(date +%s%N)
        times+=($(((end - start) / 1000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }'
}

# Resident memory in MiB of a daemon, idle for a second first; dockerd's counts the containerd it started.
rss_mib() {
    local name=$1 kb pids=(${daemon_pid[$1]})
    sleep 1
    [[ $name == dockerd && -s $work/d/exec/containerd/containerd.pid ]] && pids+=("$(cat "$work/d/exec/containerd/containerd.pid")")
    kb=0
    for pid in "${pids[@]}"; do kb=$((kb + $(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"))); done
    awk -v kb="$kb" 'BEGIN { printf "%.1f", kb / 1024 }'
}

list_rate() {
    "$python" - "$1" "$seconds" "$containers" <<'EOF'
import http.client, json, socket, sys, time

class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost")
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.unix_path)

path, seconds, expected = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
conn = UnixConnection(path)

def get():
    conn.request("GET", "/v1.41/containers/json?all=1")
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        sys.exit(f"GET /containers/json answered {r.status}: {body[:200]!r}")
    return body

listed = len(json.loads(get()))
if listed < expected:
    sys.exit(f"GET /containers/json listed {listed} containers, expected at least {expected}")
n, start = 0, time.monotonic()
while time.monotonic() - start < seconds:
    get()
    n += 1
print(f"{n / (time.monotonic() - start):.0f}")
EOF
}

config=$work/docker-config   # a throwaway CLI config: the user's contexts and plugins must not skew the numbers
mkdir -p "$config"
export DOCKER_CONFIG=$config DOCKER_CLI_HINTS=false
unset DOCKER_CONTEXT DOCKER_API_VERSION DOCKER_TLS_VERIFY DOCKER_CERT_PATH

rootfs=$work/busybox-rootfs.tar
bash "$root/scripts/busybox-rootfs.sh" "$rootfs" >/dev/null

daemons=(wharfd)
[[ -z $dockerd_bin ]] || daemons+=(dockerd)

# One daemon at a time, so that the other's background work does not count against it.
declare -A result=()
for name in "${daemons[@]}"; do
    "start_$name"
    result[$name.idle]=$(rss_mib "$name")
    export DOCKER_HOST=unix://${daemon_sock[$name]}
    "$docker" import -c 'CMD ["sh"]' "$rootfs" "$image" >/dev/null
    echo "[$name] docker run --rm (median of $runs)..." >&2
    result[$name.run]=$(median_ms "$runs" "$docker" run --rm --network none --label wharf-bench=1 "$image" true)
    echo "[$name] creating $containers containers..." >&2
    seq 1 "$containers" | xargs -P 4 -I{} "$docker" create --network none --label wharf-bench=1 "$image" true >/dev/null
    echo "[$name] docker ps -a (median of $ps_runs)..." >&2
    result[$name.ps]=$(median_ms "$ps_runs" "$docker" ps -a)
    echo "[$name] GET /containers/json for ${seconds} s..." >&2
    result[$name.list]=$(list_rate "${daemon_sock[$name]}")
    result[$name.loaded]=$(rss_mib "$name")
    stop_daemon "$name"
done

echo
echo "docker CLI $("$docker" version --format '{{.Client.Version}}' 2>/dev/null || true); $(nproc) cores; $(uname -r)"
if [[ -n $dockerd_bin ]]; then
    printf '%-42s %12s %12s %16s\n' measurement wharfd dockerd "wharfd/dockerd"
    row() { printf '%-42s %12s %12s %16s\n' "$1" "$2" "$3" "$(awk -v w="$2" -v d="$3" 'BEGIN { printf "%.2fx", w / d }')"; }
    row "docker run --rm true (ms, median)" "${result[wharfd.run]}" "${result[dockerd.run]}"
    row "docker ps -a, $containers containers (ms, median)" "${result[wharfd.ps]}" "${result[dockerd.ps]}"
    row "GET /containers/json (requests/s)" "${result[wharfd.list]}" "${result[dockerd.list]}"
    row "memory idle after start (MiB)" "${result[wharfd.idle]}" "${result[dockerd.idle]}"
    row "memory idle after the list load (MiB)" "${result[wharfd.loaded]}" "${result[dockerd.loaded]}"
    echo "(times and memory: lower is better, so a ratio under 1 favours wharfd; requests/s: higher is better)"
else
    printf '%-42s %12s\n' measurement wharfd
    printf '%-42s %12s\n' "docker run --rm true (ms, median)" "${result[wharfd.run]}"
    printf '%-42s %12s\n' "docker ps -a, $containers containers (ms, median)" "${result[wharfd.ps]}"
    printf '%-42s %12s\n' "GET /containers/json (requests/s)" "${result[wharfd.list]}"
    printf '%-42s %12s\n' "memory idle after start (MiB)" "${result[wharfd.idle]}"
    printf '%-42s %12s\n' "memory idle after the list load (MiB)" "${result[wharfd.loaded]}"
fi

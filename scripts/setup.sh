#!/usr/bin/env bash
# The README's first command. On a fresh Debian 12 machine, as root: installs what Wharf needs, builds wharfd and the
# wharf CLI, (re)starts wharfd on unix:///var/run/wharf.sock, imports the busybox:latest base image and runs a
# container with wharf (and with the real docker CLI when it is installed). Safe to run again.
# Overridable: WHARF_SOCKET WHARF_DATA_ROOT WHARF_EXEC_ROOT WHARF_PIDFILE WHARF_LOG.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
socket=${WHARF_SOCKET:-/var/run/wharf.sock}
data_root=${WHARF_DATA_ROOT:-/var/lib/wharf}
exec_root=${WHARF_EXEC_ROOT:-/run/wharf}
pidfile=${WHARF_PIDFILE:-/var/run/wharfd.pid}
log=${WHARF_LOG:-/var/log/wharfd.log}
out=$repo/artifacts/wharfd
cli_out=$repo/artifacts/wharf
wharf=$cli_out/wharf
rootfs=$repo/artifacts/busybox-rootfs.tar
export WHARF_PIDFILE=$pidfile

step() { printf '\n==> %s\n' "$*"; }

if [[ $(id -u) -ne 0 ]]; then
    echo "setup.sh must run as root (it installs packages, creates the wharf group and starts wharfd)" >&2
    exit 1
fi

# shellcheck source=scripts/prereqs.sh
source "$repo/scripts/prereqs.sh"

step "Debian packages"
wharf_install_prerequisites
step ".NET SDK"
wharf_check_dotnet
dotnet --version

step "group wharf"
getent group wharf >/dev/null || groupadd --system wharf
echo "members of group wharf may use $socket"

step "build wharfd (Release)"
dotnet publish "$repo/src/Wharf.Daemon" -c Release -o "$out" --nologo -v quiet

step "build the wharf CLI (NativeAOT)"
dotnet publish "$repo/src/Wharf.Cli" -c Release -r linux-x64 -o "$cli_out" --nologo -v quiet
echo "$wharf (copy it onto your PATH, e.g. install $wharf /usr/local/bin/wharf)"

step "restart wharfd"
"$repo/scripts/stop.sh"
mkdir -p "$(dirname "$socket")" "$(dirname "$pidfile")" "$(dirname "$log")"
# setsid: the daemon outlives this script and its terminal; its own pidfile is how stop.sh finds it.
setsid "$out/wharfd" -H "unix://$socket" --data-root "$data_root" --exec-root "$exec_root" --pidfile "$pidfile" \
    </dev/null >>"$log" 2>&1 &
pid=$!
ping() { curl -fsS --max-time 2 --unix-socket "$socket" http://localhost/_ping 2>/dev/null; }
for _ in $(seq 600); do
    [[ $(ping) == OK ]] && break
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "wharfd exited during start-up; the end of $log:" >&2
        tail -n 30 "$log" >&2
        exit 1
    fi
    sleep 0.1
done
if [[ $(ping) != OK ]]; then
    echo "wharfd did not answer /_ping within 60 s; see $log" >&2
    exit 1
fi
echo "wharfd is running (pid $(cat "$pidfile" 2>/dev/null || echo "$pid")), logs in $log"

step "busybox:latest"
"$repo/scripts/busybox-rootfs.sh" "$rootfs"
export WHARF_HOST=unix://$socket DOCKER_HOST=unix://$socket
diff_id=sha256:$(sha256sum "$rootfs" | cut -d' ' -f1)
want="[\"$diff_id\"] [\"sh\"]"
have=$("$wharf" image inspect --format '{{json .RootFS.Layers}} {{json .Config.Cmd}}' busybox:latest 2>/dev/null || true)
if [[ $have == "$want" ]]; then
    echo "busybox:latest is already imported"
else
    "$wharf" import -c 'CMD ["sh"]' "$rootfs" busybox:latest
fi
step "wharf images"
"$wharf" images
step "wharf run --rm busybox echo hello"
"$wharf" run --rm busybox echo hello
if command -v docker >/dev/null 2>&1; then
    step "the real docker CLI: DOCKER_HOST=unix://$socket docker run --rm busybox echo hello"
    docker run --rm busybox echo hello
fi

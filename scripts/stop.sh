#!/usr/bin/env bash
# Stops the wharfd that scripts/setup.sh started, by the pid in its pidfile: SIGTERM, then up to 30 s for it to exit.
set -euo pipefail

pidfile=${WHARF_PIDFILE:-/var/run/wharfd.pid}

if [[ ! -s $pidfile ]]; then
    echo "wharfd is not running (no pidfile at $pidfile)"
    exit 0
fi
pid=$(<"$pidfile")
if ! [[ $pid =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null; then
    echo "wharfd is not running (stale pidfile $pidfile: $pid)"
    rm -f "$pidfile"
    exit 0
fi
# Only ever signal a wharfd: the pid may have been reused by something else since the pidfile was written.
if ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q wharfd; then
    echo "pid $pid from $pidfile is not wharfd; leaving it alone" >&2
    exit 1
fi

kill -TERM "$pid"
for _ in $(seq 300); do
    kill -0 "$pid" 2>/dev/null || { echo "wharfd (pid $pid) stopped"; exit 0; }
    sleep 0.1
done
echo "wharfd (pid $pid) did not stop within 30 s of SIGTERM; stop it with: kill -9 $pid" >&2
exit 1

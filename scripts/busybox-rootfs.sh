#!/usr/bin/env bash
# Builds the busybox test base image's rootfs as a tarball from Debian's busybox-static.
# Usage: scripts/busybox-rootfs.sh OUT.tar [BUSYBOX]   (BUSYBOX defaults to /bin/busybox)
# The tar is deterministic (sorted names, fixed mtimes, numeric owner 0:0, fixed modes), so importing or
# loading it always yields the same layer diff id, whatever the machine's umask or clock.
set -euo pipefail

out=${1:?usage: busybox-rootfs.sh OUT.tar [BUSYBOX]}
busybox=${2:-/bin/busybox}

if [[ ! -x $busybox ]]; then
    echo "busybox-rootfs: $busybox not found; install Debian's busybox-static (apt-get install busybox-static)" >&2
    exit 1
fi
if ! "$busybox" --list-full >/dev/null 2>&1; then
    echo "busybox-rootfs: $busybox does not support --list-full (is it busybox-static?)" >&2
    exit 1
fi
if ! tar --version 2>/dev/null | grep -q 'GNU tar'; then
    echo "busybox-rootfs: GNU tar is required" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
umask 022

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,dev,proc,sys,root,home,var,tmp}
install -m 0755 "$busybox" "$root/bin/busybox"

# Every applet as a symlink to /bin/busybox, where busybox itself says it lives.
while IFS= read -r applet; do
    [[ -z $applet || $applet == bin/busybox ]] && continue
    mkdir -p "$root/$(dirname "$applet")"
    ln -sfn /bin/busybox "$root/$applet"
done < <("$busybox" --list-full)

cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
tty:x:5:
www-data:x:33:
nogroup:x:65534:
GROUP
# Mount targets the runtime bind-mounts over; present so the image looks like Docker's busybox.
: > "$root/etc/hosts"
: > "$root/etc/hostname"
: > "$root/etc/resolv.conf"

chmod 0644 "$root"/etc/{passwd,group,hosts,hostname,resolv.conf}
chmod 0700 "$root/root"
chmod 1777 "$root/tmp"

tmp_out=$out.tmp.$$
tar --create --file "$tmp_out" --directory "$root" \
    --sort=name --format=gnu --numeric-owner --owner=0 --group=0 \
    --mtime='2024-01-01 00:00:00Z' --no-acls --no-xattrs --no-selinux \
    .
mv -f "$tmp_out" "$out"

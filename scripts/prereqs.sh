# Sourced by scripts/setup.sh and .ci/run: the Debian packages Wharf needs, installed only when missing.
# (Not executable on purpose: it defines functions and variables for its caller.)

WHARF_APT_PACKAGES=(
    runc conmon containernetworking-plugins iptables   # the container runtime and networking (next issues)
    busybox-static                                     # the test and quick-start base image
    tini catatonit                                     # init binaries for --init (tini-static runs in any rootfs)
    golang-github-containers-common                    # /usr/share/containers/seccomp.json, the default seccomp profile
    python3 python3-docker                             # docker-py compatibility tests
    clang zlib1g-dev                                   # the NativeAOT linker for wharf and wharfd
    openssh-client openssh-server                      # the ssh transport tests (they start their own sshd; the system one stays off)
    curl ca-certificates tar
)

# Installs the packages of WHARF_APT_PACKAGES that are not installed yet (needs root for that).
wharf_install_prerequisites() {
    local missing=() pkg
    for pkg in "${WHARF_APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$pkg")
    done
    if ((${#missing[@]} > 0)); then
        if [[ $(id -u) -ne 0 ]]; then
            echo "missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}" >&2
            return 1
        fi
        echo "installing: ${missing[*]}"
        local new_sshd='' deny_starts=''
        [[ " ${missing[*]} " == *" openssh-server "* ]] && new_sshd=1
        # Installing openssh-server must not start or enable a system sshd: a policy-rc.d that denies service starts
        # for the length of the install (unless the machine has its own), and the unit disabled after it.
        if [[ -n $new_sshd && ! -e /usr/sbin/policy-rc.d ]]; then
            printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
            chmod 755 /usr/sbin/policy-rc.d
            deny_starts=1
        fi
        local status=0
        DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" || status=$?
        [[ -n $deny_starts ]] && rm -f /usr/sbin/policy-rc.d
        if [[ -n $new_sshd ]] && command -v systemctl >/dev/null 2>&1; then
            systemctl disable ssh.service >/dev/null 2>&1 || true
        fi
        return "$status"
    fi
}

# Fails with instructions when the .NET 10 SDK is absent (it is not in Debian 12's archive).
wharf_check_dotnet() {
    if ! command -v dotnet >/dev/null 2>&1 || ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
        cat >&2 <<'MSG'
The .NET 10 SDK is missing. Wharf builds with it; Debian 12 does not ship it. Install it, e.g.:
    curl -fsSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0 --install-dir /usr/share/dotnet
    ln -sf /usr/share/dotnet/dotnet /usr/bin/dotnet
then run this script again.
MSG
        return 1
    fi
}

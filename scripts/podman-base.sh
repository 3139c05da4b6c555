# Sourced by scripts/docker-smoke.sh and scripts/compose-smoke.sh (both need root): podman as it runs on this
# machine kind, and a Debian bookworm base image made here with debootstrap, since no image can be pulled.

BASE=localhost/quotedb-base:bookworm-ca
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# runc refuses podman's default rlimits here ("error setting rlimits for ready process: error setting rlimit
# type 7 [nofile]: operation not permitted"; type 6, nproc, above a few thousand): every container gets these.
PODMAN_ULIMITS=(nofile=1024:1024 nproc=1024:1024)
started=$SECONDS
step() { echo "[$((SECONDS - started))s] $*"; }

install_podman() {
    if ! command -v podman >/dev/null || ! command -v debootstrap >/dev/null || ! command -v runc >/dev/null; then
        step "installing podman, buildah, runc, debootstrap"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman buildah runc debootstrap uidmap slirp4netns \
            fuse-overlayfs >/dev/null
    fi
}

build_base() {
    if podman image exists "$BASE"; then return; fi
    step "building the base image with debootstrap (Debian bookworm, python3)"
    ROOTFS=$(mktemp -d)
    debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates bookworm "$ROOTFS" "$MIRROR" >/dev/null
    # this machine reaches PyPI through an egress proxy with its own CA: the local base trusts what the host trusts
    if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
        cp /usr/local/share/ca-certificates/*.crt "$ROOTFS/usr/local/share/ca-certificates/"
        chroot "$ROOTFS" update-ca-certificates >/dev/null
    fi
    rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
    tar -C "$ROOTFS" -c . | podman import --change 'CMD ["/bin/sh"]' \
        --change 'ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt' \
        --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
        - "$BASE" >/dev/null
    rm -rf "$ROOTFS"
    ROOTFS=
}

remove_base_rootfs() {  # for an EXIT trap: a debootstrap interrupted half-way
    if [ -n "${ROOTFS:-}" ]; then rm -rf "$ROOTFS"; fi
}

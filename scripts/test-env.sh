#!/usr/bin/env bash
# Makes this machine ready for the integration tests, idempotently:
#  1. a Docker engine that answers (on Debian as root: installs docker.io and starts dockerd when none runs);
#  2. the base image the tests run (Debian bookworm with a JRE, nginx, curl, Apache httpd, HAProxy, Caddy, Kerberos
#     and PostgreSQL):
#     built locally, with `docker build` where a registry is reachable, otherwise with debootstrap from the Debian
#     mirror and `docker import`.
# Run it again at any time: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE="remote-user-auth/base:4"
PACKAGES="openjdk-17-jre-headless,nginx-light,curl,ca-certificates,apache2,libapache2-mod-auth-gssapi,haproxy,caddy,krb5-kdc,krb5-admin-server,krb5-user,postgresql"
log() { echo "test-env: $*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi
}

apt_install() {
  command -v apt-get >/dev/null || { log "cannot install $* (no apt-get); install it and run again"; exit 1; }
  if [ ! -f /tmp/.remote-user-auth-apt-updated ]; then
    as_root apt-get update -qq && touch /tmp/.remote-user-auth-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_docker() {
  if docker info >/dev/null 2>&1; then
    return
  fi
  if ! command -v dockerd >/dev/null; then
    log "installing the Docker engine (docker.io)"
    apt_install docker.io
  fi
  if ! docker info >/dev/null 2>&1; then
    log "starting dockerd"
    # a dockerd that died (or a machine restored from a snapshot) leaves its pid file behind, and a new one refuses
    # to start while it exists
    if ! pgrep -x dockerd >/dev/null && [ -e /var/run/docker.pid ]; then
      log "removing the stale /var/run/docker.pid"
      as_root rm -f /var/run/docker.pid
    fi
    as_root sh -c 'nohup dockerd > /var/log/remote-user-auth-dockerd.log 2>&1 &'
    for _ in $(seq 1 60); do
      docker info >/dev/null 2>&1 && break
      sleep 1
    done
  fi
  docker info >/dev/null 2>&1 || { log "Docker does not answer; see /var/log/remote-user-auth-dockerd.log"; exit 1; }
}

debian_mirror() {
  local mirror
  mirror=$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list.d/* /etc/apt/sources.list \
    2>/dev/null | awk '{print $2}' | head -n 1 || true)
  echo "${mirror:-http://deb.debian.org/debian}"
}

ensure_image() {
  if docker image inspect "$IMAGE" >/dev/null 2>&1; then
    return
  fi
  if timeout 60 docker pull -q debian:bookworm-slim >/dev/null 2>&1; then
    log "building $IMAGE with docker build"
    docker build -q -t "$IMAGE" integration-tests/docker >/dev/null
    return
  fi
  log "no registry: building $IMAGE with debootstrap (about two minutes)"
  command -v debootstrap >/dev/null || apt_install debootstrap
  local root
  root=$(mktemp -d /tmp/remote-user-auth-rootfs.XXXXXX)
  as_root debootstrap --variant=minbase --include="$PACKAGES" bookworm "$root" "$(debian_mirror)" >/dev/null
  as_root chroot "$root" apt-get clean
  as_root rm -rf "$root/var/lib/apt/lists/"*
  as_root tar -C "$root" -c . | docker import - "$IMAGE" >/dev/null
  as_root rm -rf "$root"
}

ensure_docker
ensure_image
log "ready: Docker $(docker version --format '{{.Server.Version}}' 2>/dev/null), image $IMAGE"

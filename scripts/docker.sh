# shellcheck shell=bash
# The Docker engine and the local base image the image tests (tests/Ogiri.Images.Tests) build on.
# Sourced by ./test and .ci/run, after scripts/userland.sh.
#
# When no engine answers, as root: docker.io is installed when missing and dockerd started with the vfs
# storage driver (what works inside CI's containers) and without a bridge network, so containers can only
# use the host's network, where the tests keep everything on 127.0.0.1. No image registry is reachable from
# CI, so the base image is made here: a minimal Debian 13, as debootstrap makes it, imported into the engine.
#
# OGIRI_DOCKER names the docker client to use; OGIRI_IMAGE_BASE an image to use as the base instead (for
# example debian:trixie-slim where a registry is reachable).

ogiri_docker_started_pid=

# A docker client that builds with BuildKit, which the Dockerfiles need to skip the stage they don't use:
# one with the buildx plugin, or one older than 23 with BuildKit built in (Debian 12's docker.io).
ogiri_docker_client() {
  if [ -n "${OGIRI_DOCKER:-}" ]; then type -P "$OGIRI_DOCKER"; return; fi
  local client major
  for client in $(type -P -a docker) /usr/bin/docker; do
    [ -x "$client" ] || continue
    if "$client" buildx version >/dev/null 2>&1; then echo "$client"; return 0; fi
    major=$("$client" version --format '{{.Client.Version}}' 2>/dev/null | cut -d. -f1)
    if [[ "$major" =~ ^[0-9]+$ ]] && [ "$major" -lt 23 ]; then echo "$client"; return 0; fi
  done
  return 1
}

# The engine's socket as a real path (bound at the same path into the userland).
ogiri_docker_socket() {
  local host=${DOCKER_HOST:-unix:///var/run/docker.sock}
  [[ "$host" == unix://* ]] && readlink -f "${host#unix://}"
}

# Makes sure an engine answers; exports OGIRI_DOCKER. Starts one (and remembers it) when none does.
ogiri_docker_ensure() {
  local client
  if ! client=$(ogiri_docker_client); then
    ogiri_install_if_missing dockerd docker.io
    # Debian 12's docker.io has BuildKit built in; newer ones (Debian 13, Ubuntu) need their buildx package.
    client=$(ogiri_docker_client) || { ogiri_apt_install docker-buildx && client=$(ogiri_docker_client); } \
      || ogiri_userland_die "no docker client that builds with BuildKit: install docker.io, or docker with the buildx plugin"
  fi
  export OGIRI_DOCKER=$client
  "$client" info >/dev/null 2>&1 && return 0
  [ -z "${DOCKER_HOST:-}" ] || ogiri_userland_die "no Docker engine answers at DOCKER_HOST=$DOCKER_HOST"
  [ "$(id -u)" = 0 ] || ogiri_userland_die "no Docker engine answers: the image tests need one (start dockerd, or run as root to have it started)"
  ogiri_install_if_missing dockerd docker.io
  local log config
  log="$(ogiri_cache_dir)/dockerd.log"
  config="$(ogiri_cache_dir)/dockerd.json"
  mkdir -p "$(dirname "$log")"
  # vfs stores every layer and build step as a full copy: keep BuildKit's cache from filling the disk.
  printf '{"builder": {"gc": {"enabled": true, "defaultKeepStorage": "10GB"}}}\n' >"$config"
  echo "ogiri: starting dockerd (vfs storage, host network only; log: $log)" >&2
  setsid dockerd --config-file "$config" --storage-driver vfs --bridge none --iptables=false --ip-forward=false --ip-masq=false \
    </dev/null >"$log" 2>&1 &
  ogiri_docker_started_pid=$!
  local i
  for i in $(seq 120); do
    "$client" info >/dev/null 2>&1 && return 0
    kill -0 "$ogiri_docker_started_pid" 2>/dev/null || { tail -20 "$log" >&2; ogiri_userland_die "dockerd stopped (log: $log)"; }
    sleep 0.5
  done
  ogiri_userland_die "dockerd did not answer within a minute (log: $log)"
}

# Stops the engine ogiri_docker_ensure started, if it started one.
ogiri_docker_stop() {
  local pid=$ogiri_docker_started_pid i
  [ -n "$pid" ] || return 0
  ogiri_docker_started_pid=
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 60); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL "$pid" 2>/dev/null || true
}

# Makes sure the base image exists; exports OGIRI_IMAGE_BASE. Made once per engine: debootstrap's minimal
# Debian 13 (what debian:trixie-slim is), imported as ogiri-base:trixie.
ogiri_image_base_ensure() {
  if [ -n "${OGIRI_IMAGE_BASE:-}" ]; then return 0; fi
  export OGIRI_IMAGE_BASE="ogiri-base:$ogiri_userland_suite"
  "$OGIRI_DOCKER" image inspect "$OGIRI_IMAGE_BASE" >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || ogiri_userland_die "the image tests need a base image made with debootstrap: run this once as root, or set OGIRI_IMAGE_BASE (e.g. to debian:trixie-slim where a registry is reachable)"
  ogiri_install_if_missing debootstrap debootstrap
  local cache partial
  cache=$(ogiri_cache_dir)
  partial="$cache/image-base-$ogiri_userland_suite.partial"
  mkdir -p "$cache"
  exec 8>"$cache/image-base.lock"
  flock 8
  if ! "$OGIRI_DOCKER" image inspect "$OGIRI_IMAGE_BASE" >/dev/null 2>&1; then
    echo "ogiri: making the base image $OGIRI_IMAGE_BASE with debootstrap (once per Docker engine)" >&2
    rm -rf "$partial"
    ogiri_debootstrap "$partial" "$partial.log"
    rm -rf "$partial"/var/cache/apt/archives/*.deb "$partial"/var/lib/apt/lists/*
    tar -C "$partial" -c . | "$OGIRI_DOCKER" import - "$OGIRI_IMAGE_BASE" >/dev/null \
      || ogiri_userland_die "docker import of the base image failed"
    rm -rf "$partial" "$partial.log"
  fi
  exec 8>&-
}

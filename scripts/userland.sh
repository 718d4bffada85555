# shellcheck shell=bash
# Runs a command where TorchSharp's native library can load.
#
# TorchSharp-cpu 0.107 needs libstdc++ with GLIBCXX_3.4.32 (GCC 13+). Debian 12 stops at 3.4.30,
# so there we run inside a minimal Debian 13 userland built once with debootstrap and entered
# with a private mount namespace; everywhere else (Ubuntu 24.04+, Debian 13+, macOS, Windows)
# commands run natively. Sourced by ./ogiri and ./test.
#
# OGIRI_USERLAND=auto|always|never overrides the detection.

ogiri_userland_suite=trixie
# Everything the product and its tests use at run time inside the userland.
ogiri_userland_packages="ca-certificates libicu76 tesseract-ocr tesseract-ocr-jpn tesseract-ocr-eng fonts-noto-cjk fonts-noto-color-emoji nodejs chromium imagemagick"

ogiri_userland_die() { echo "ogiri: $*" >&2; exit 2; }

# True when this machine cannot load TorchSharp natively.
ogiri_userland_needed() {
  case "${OGIRI_USERLAND:-auto}" in
    always) return 0 ;;
    never) return 1 ;;
  esac
  [ "$(uname -s)" = Linux ] || return 1
  local lib
  lib=$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}')
  [ -n "$lib" ] || lib=$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6/ {print $NF; exit}')
  [ -n "$lib" ] || return 0
  ! grep -q GLIBCXX_3.4.32 "$lib"
}

ogiri_cache_dir() { echo "${OGIRI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ogiri}"; }

ogiri_userland_dir() {
  local stamp_hash
  stamp_hash=$(printf '%s %s' "$ogiri_userland_suite" "$ogiri_userland_packages" | sha256sum | cut -c1-12)
  echo "$(ogiri_cache_dir)/userland-$ogiri_userland_suite-$stamp_hash"
}

# ogiri_apt_install PACKAGE: installs PACKAGE with apt-get, as root; false where that is not possible.
ogiri_apt_install() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
  echo "ogiri: installing $1" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1"; } >&2
}

# ogiri_install_if_missing COMMAND PACKAGE: installs PACKAGE when COMMAND is not on PATH.
ogiri_install_if_missing() {
  command -v "$1" >/dev/null && return 0
  ogiri_apt_install "$2" || ogiri_userland_die "$1 is missing: install $2 (apt-get install $2, as root)"
}

# ogiri_debootstrap DIR LOG: a minimal Debian 13 in DIR. Downloaded packages are kept in the cache, so the
# second root file system (the image tests' base, scripts/docker.sh) is made without downloading them again.
ogiri_debootstrap() {
  local debs
  debs="$(ogiri_cache_dir)/debs"
  mkdir -p "$debs"
  debootstrap --variant=minbase --cache-dir="$debs" "$ogiri_userland_suite" "$1" >"$2" 2>&1 \
    || { tail -20 "$2" >&2; ogiri_userland_die "debootstrap failed (log: $2)"; }
}

# Builds the userland once, under a lock; a killed build leaves only DIR.partial behind.
ogiri_userland_ensure() {
  local dir partial
  dir=$(ogiri_userland_dir)
  [ -f "$dir/.ogiri-stamp" ] && return 0
  [ "$(id -u)" = 0 ] || ogiri_userland_die "this machine needs a Debian 13 userland for TorchSharp; build it once as root: sudo $0 --version"
  ogiri_install_if_missing debootstrap debootstrap
  mkdir -p "$(dirname "$dir")"
  exec 9>"$dir.lock"
  flock 9
  if [ ! -f "$dir/.ogiri-stamp" ]; then
    partial="$dir.partial"
    rm -rf "$partial"
    echo "ogiri: building a Debian 13 userland for TorchSharp in $dir (once, about a minute)" >&2
    ogiri_debootstrap "$partial" "$partial.log"
    cp /etc/resolv.conf "$partial/etc/resolv.conf"
    # shellcheck disable=SC2086
    unshare --mount --propagation private sh -c '
      mount -t proc proc "$1/proc" && mount --rbind /dev "$1/dev" &&
      chroot "$1" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
        sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends $2 && apt-get clean && rm -rf /var/lib/apt/lists/*"
    ' sh "$partial" "$ogiri_userland_packages" >>"$partial.log" 2>&1 \
      || { tail -20 "$partial.log" >&2; ogiri_userland_die "installing packages into the userland failed (log: $partial.log)"; }
    printf '%s\n%s\n' "$ogiri_userland_suite" "$ogiri_userland_packages" >"$partial/.ogiri-stamp"
    rm -f "$partial.log"
    mv "$partial" "$dir"
    # Userlands of earlier package lists are not used any more.
    for old in "${dir%-*}"-*; do
      [ "$old" = "$dir" ] || [ "$old" = "$dir.lock" ] || rm -rf "$old"
    done
  fi
  exec 9>&-
}

# ogiri_userland_run CMD ARGS...: runs CMD in the userland when this machine needs it, else directly.
# Inside, the project, the current folder, $HOME, /tmp and the NuGet folder appear at the same
# absolute paths as outside (restored projects record absolute package paths), and the .NET SDK
# read-only; so do the folders and files listed in the array ogiri_userland_extra_binds (./test: the
# docker client and the engine's socket). The mounts vanish with the command.
ogiri_userland_run() {
  if ! ogiri_userland_needed; then
    "$@"
    return
  fi
  ogiri_userland_ensure
  local dir dotnet_root
  dir=$(ogiri_userland_dir)
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  local binds=("$HOME" "$PWD" "${OGIRI_PROJECT:?}" /tmp)
  [ -n "${NUGET_PACKAGES:-}" ] && binds+=("$NUGET_PACKAGES")
  [ -n "${OGIRI_HOME:-}" ] && binds+=("$OGIRI_HOME")
  binds+=(${ogiri_userland_extra_binds[@]+"${ogiri_userland_extra_binds[@]}"})
  local unshare_args=(--mount --pid --fork --kill-child --propagation private)
  [ "$(id -u)" = 0 ] || unshare_args+=(--map-root-user)
  # In the background of a script, bash gives a command /dev/null as stdin unless it is redirected explicitly;
  # keeping the caller's stdin (a terminal) lets the program see it runs interactively and draw progress bars.
  unshare "${unshare_args[@]}" bash "$OGIRI_PROJECT/scripts/userland-enter.sh" \
    "$dir" "$dotnet_root" "$(IFS=:; echo "${binds[*]}")" "$@" <&0 &
  local child=$!
  # unshare ignores SIGTERM and SIGINT: pass them on as a kill of the whole namespace.
  trap 'kill -KILL "$child" 2>/dev/null' INT TERM
  local rc=0
  wait "$child" || rc=$?
  trap - INT TERM
  return "$rc"
}

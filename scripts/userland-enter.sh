#!/usr/bin/env bash
# Inside a fresh mount and pid namespace: assemble the userland's view and chroot into it.
# Arguments: ROOTFS DOTNET_ROOT BINDS(colon-separated host folders and files) CMD ARGS...
set -eu
root=$1 dotnet_root=$2 binds=$3
shift 3
mount --bind "$root" "$root"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mkdir -p "$root$dotnet_root"
mount --bind -o ro "$dotnet_root" "$root$dotnet_root"
IFS=: read -r -a folders <<<"$binds"
for f in "${folders[@]}"; do
  if [ -d "$f" ]; then
    mkdir -p "$root$f"
    mount --rbind "$f" "$root$f"
  elif [ -e "$f" ]; then
    # A file or a socket: bound onto an empty file of the same path.
    mkdir -p "$root$(dirname "$f")"
    [ -e "$root$f" ] || : >"$root$f"
    mount --bind "$f" "$root$f"
  fi
done
# Names resolve as on the host: its hosts file (debootstrap writes none, so not even localhost would
# resolve) and its current resolver configuration.
for f in /etc/hosts /etc/resolv.conf; do
  [ -f "$f" ] || continue
  [ -e "$root$f" ] || [ -L "$root$f" ] || : >"$root$f"
  mount --bind -o ro "$(readlink -f "$f")" "$root$f" 2>/dev/null || true
done
# Nothing in the userland itself changes at run time.
mount -o remount,bind,ro "$root"
path="$dotnet_root:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
passed=()
for v in $(compgen -e); do
  case "$v" in
    OGIRI_*|NUGET_*|DOTNET_*|DOCKER_*|CI|TERM|COLUMNS|NO_COLOR|AWS_*|VSTEST_*) passed+=("$v=${!v}") ;;
  esac
done
exec chroot "$root" env -i HOME="$HOME" PATH="$path" DOTNET_ROOT="$dotnet_root" \
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 LANG=C.UTF-8 "${passed[@]}" \
  sh -c 'cd "$1" && shift && exec "$@"' sh "$PWD" "$@"

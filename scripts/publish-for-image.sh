#!/usr/bin/env bash
# Publishes one image's program for linux-x64, self-contained, into OUT: "lambda" (the workers' bootstrap)
# or "trainer" (ogiri-trainer). The one definition of that step: the Dockerfiles' SDK stage runs it, and
# ./test runs it on the host for the images the tests build without an SDK image (see the Dockerfiles).
# Usage: scripts/publish-for-image.sh lambda|trainer OUT [dotnet publish options...]
set -euo pipefail
case "${1:-}" in
  lambda) project=functions/Ogiri.Lambda/Ogiri.Lambda.csproj ;;
  trainer) project=trainer/Ogiri.Trainer.Host/Ogiri.Trainer.Host.csproj ;;
  *) echo "usage: $0 lambda|trainer OUT [dotnet publish options...]" >&2; exit 2 ;;
esac
out=${2:?"usage: $0 lambda|trainer OUT [dotnet publish options...]"}
shift 2
out=$(realpath -m "$out")
cd "$(dirname "$0")/.."
exec dotnet publish "$project" -c Release -r linux-x64 --self-contained -p:PublishReadyToRun=false -o "$out" "$@"

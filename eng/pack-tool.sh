#!/usr/bin/env bash
# Packs the `trustcheck` tool the way it is released (docs/tool-package.md) into a folder feed:
#   TrustCheck.Cli            the pointer package `dotnet tool install TrustCheck.Cli` resolves first
#   TrustCheck.Cli.<rid>      Native AOT, for this machine's runtime identifier when the project lists it (needs clang)
#   TrustCheck.Cli.any        framework-dependent, for every other platform
# Each RID-specific pack builds in its own artifacts folder, so the repository's bin/ and obj/ are left as they are.
# Usage: eng/pack-tool.sh FEED [VERSION]    (VERSION defaults to the project's; prints the feed's packages)
set -euo pipefail
cd "$(dirname "$0")/.."
feed=$(mkdir -p "$1" && cd "$1" && pwd)
version_arg=(); [ -n "${2:-}" ] && version_arg=("-p:PackageVersion=$2")
project=src/TrustCheck.Cli/TrustCheck.Cli.csproj
work=$(mktemp -d "${TMPDIR:-/tmp}/trustcheck-pack.XXXXXX")
trap 'rm -rf "$work"' EXIT

rids=$(dotnet msbuild "$project" -getProperty:ToolPackageRuntimeIdentifiers -p:Configuration=Release)
host_rid=$(dotnet --info | sed -n 's/^ *RID: *//p' | head -1)

pointer_arg=()
if [[ ";$rids;" == *";$host_rid;"* ]] && ! command -v clang >/dev/null; then
  # The pointer package must list only packages that exist, or `dotnet tool install` fails looking for the native one.
  echo "no clang: packing without the Native AOT package for $host_rid (apt-get install clang)" >&2
  rids=any; pointer_arg=(-p:TrustCheckToolRuntimeIdentifiers=any)
fi
dotnet pack "$project" -c Release -o "$feed" "${version_arg[@]}" "${pointer_arg[@]}" --nologo -v quiet -nr:false
for rid in ${rids//;/ }; do
  if [ "$rid" = any ] || [ "$rid" = "$host_rid" ]; then
    dotnet pack "$project" -c Release -r "$rid" -o "$feed" "${version_arg[@]}" --artifacts-path "$work/$rid" --nologo -v quiet -nr:false
  else
    echo "skipped $rid: Native AOT packs on its own OS and CPU (this machine is $host_rid)" >&2
  fi
done
ls -1 "$feed"

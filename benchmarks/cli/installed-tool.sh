#!/usr/bin/env bash
# Prints the path of the `trustcheck` command as users install it (eng/pack-tool.sh + `dotnet tool install`; on
# linux-x64 the Native AOT binary, docs/tool-package.md), packing and installing it once per commit and working-tree
# state under ${TMPDIR:-/tmp}/trustcheck-installed/. Progress goes to stderr. Usage: cli=$(benchmarks/cli/installed-tool.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
state=$( (git rev-parse HEAD; git status --porcelain -- src build Directory.Build.props Directory.Packages.props) | sha256sum | cut -c1-12)
root=${TMPDIR:-/tmp}/trustcheck-installed/$state
version="0.1.0-bench.$state"
if [ ! -x "$root/tools/trustcheck" ]; then
  rm -rf "$root"
  eng/pack-tool.sh "$root/feed" "$version" >&2
  dotnet tool install TrustCheck.Cli --tool-path "$root/tools" --add-source "$root/feed" --version "$version" --ignore-failed-sources >&2
fi
echo "$root/tools/trustcheck"

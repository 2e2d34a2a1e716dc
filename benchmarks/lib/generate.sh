# Project and feed files the benchmark scripts generate (source it: `. benchmarks/lib/generate.sh`).

# library_project [--trustcheck] PACKAGE...: a net10.0 class library referencing each package (versions come from the
# folder's Directory.Packages.props); --trustcheck adds the TrustCheck package as a development dependency.
library_project() {
  local trustcheck=false
  if [ "${1:-}" = --trustcheck ]; then trustcheck=true; shift; fi
  echo '<Project Sdk="Microsoft.NET.Sdk">'
  echo '  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>'
  echo '  <ItemGroup>'
  local id
  for id in "$@"; do echo "    <PackageReference Include=\"$id\" />"; done
  if $trustcheck; then echo '    <PackageReference Include="TrustCheck" PrivateAssets="all" />'; fi
  echo '  </ItemGroup>'
  echo '</Project>'
}

# feed_config KEY FEED: a nuget.config that adds the folder feed FEED (a freshly packed TrustCheck) to the machine's sources.
feed_config() {
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo "<configuration><packageSources><add key=\"$1\" value=\"$2\" /></packageSources></configuration>"
}

#!/usr/bin/env bash
# tools/pack.sh [--test] [--out DIR]: the NuGet packages, in a local feed.
#
#   tools/pack.sh           packs Microwasm, Microwasm.Wasi, Microwasm.AppFramework and the dotnet
#                           tool Microwasm.Cli (command: microwasm), each with its .snupkg, into
#                           build/packages
#   tools/pack.sh --test    then, offline and with a package cache of its own (so that a stale
#                           package of the same version in the machine's cache is never used):
#                           installs the tool from the feed into a temporary tool path and runs
#                           samples/hello with it, and builds and runs tests/PackageConsumer (a
#                           user's project) against the three library packages
#
# The packages are built in their own folders (build/pack-artifacts) as a CI build
# (ContinuousIntegrationBuild: deterministic, normalised source paths in the PDBs). Offline, the
# packages' own dependencies (Microsoft.Extensions.Logging.Abstractions) come from the machine's
# NuGet cache, read as a package source; Microwasm* come from the feed only (package source mapping).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"

feed=build/packages
test=false
while [ $# -gt 0 ]; do
  case "$1" in
    --test) test=true ;;
    --out) feed="$2"; shift ;;
    --out=*) feed="${1#--out=}" ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "tools/pack.sh: unknown argument $1 (see: tools/pack.sh --help)" >&2; exit 2 ;;
  esac
  shift
done

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
seconds() { echo $(( ($(date +%s%N) - $1) / 1000000 )) | awk '{ printf "%.1f s", $1 / 1000 }'; }
fail() { echo "tools/pack.sh: FAILED: $*" >&2; exit 1; }

packages=(Microwasm Microwasm.Wasi Microwasm.AppFramework Microwasm.Cli)
version="$(dotnet msbuild src/Microwasm/Microwasm.csproj -getProperty:PackageVersion -p:Configuration=Release)"
[ -n "$version" ] || fail "no PackageVersion"

mkdir -p "$feed"
feed="$(cd "$feed" && pwd)"
for id in "${packages[@]}"; do
  rm -f "$feed/$id.$version.nupkg" "$feed/$id.$version.snupkg"
done

# the SDK packs the tool from everything in its publish folder: start that folder empty
rm -rf build/pack-artifacts/publish
start=$(date +%s%N)
for id in "${packages[@]}"; do
  dotnet pack "src/$id" -c Release -o "$feed" --artifacts-path build/pack-artifacts -p:ContinuousIntegrationBuild=true ||
    fail "dotnet pack src/$id"
done
for id in "${packages[@]}"; do
  [ -f "$feed/$id.$version.nupkg" ] && [ -f "$feed/$id.$version.snupkg" ] || fail "$id.$version.nupkg or .snupkg is missing in $feed"
done
echo "tools/pack.sh: packed ${packages[*]} $version into $feed in $(seconds "$start")"

if [ "$test" != true ]; then
  exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cache="$(dotnet nuget locals global-packages --list | sed -E 's/^global-packages: *//')"
cache="${cache%/}"

# Only the feed and the machine's cache as sources (no nuget.org: offline), Microwasm* only from
# the feed, and a package folder of our own for everything restored here.
cat > "$tmp/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="microwasm-feed" value="$feed" />
    <add key="machine-cache" value="$cache" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="microwasm-feed">
      <package pattern="Microwasm" />
      <package pattern="Microwasm.*" />
    </packageSource>
    <packageSource key="machine-cache">
      <package pattern="*" />
    </packageSource>
  </packageSourceMapping>
  <config>
    <add key="globalPackagesFolder" value="$tmp/packages" />
  </config>
</configuration>
EOF
export NUGET_PACKAGES="$tmp/packages"

# the tool
start=$(date +%s%N)
dotnet tool install Microwasm.Cli --version "$version" --tool-path "$tmp/tool" --configfile "$tmp/nuget.config" ||
  fail "dotnet tool install Microwasm.Cli"
microwasm="$tmp/tool/microwasm"
hello="$("$microwasm" run samples/hello/hello.wasm)" || fail "the tool: microwasm run samples/hello/hello.wasm: exit status $?"
[ "$hello" = "$(printf 'Hello world!\nbuf ptr: 0x1468\nbuf: 1234')" ] || fail "the tool: samples/hello printed: $hello"
version_text="$("$microwasm" --version)" || fail "the tool: --version: exit status $?"
grep -q "^microwasm $version (JIT, " <<<"$version_text" || fail "the tool: --version: $version_text"
echo "tools/pack.sh: dotnet tool install Microwasm.Cli $version; microwasm run samples/hello/hello.wasm OK ($(seconds "$start"))"

# a user's project against the library packages, built outside the repository
start=$(date +%s%N)
cp -r tests/PackageConsumer "$tmp/consumer"
rm -rf "$tmp/consumer/bin" "$tmp/consumer/obj"
"$microwasm" wat2wasm "$tmp/consumer/add.wat" -o "$tmp/add.wasm" || fail "microwasm wat2wasm add.wat"
"$microwasm" wat2wasm "$tmp/consumer/wasi.wat" -o "$tmp/wasi.wasm" || fail "microwasm wat2wasm wasi.wat"
dotnet restore "$tmp/consumer" --configfile "$tmp/nuget.config" -p:MicrowasmVersion="$version" ||
  fail "dotnet restore tests/PackageConsumer"
dotnet build "$tmp/consumer" -c Release --no-restore -p:MicrowasmVersion="$version" -o "$tmp/consumer-bin" ||
  fail "dotnet build tests/PackageConsumer"
# the consumer got exactly the packages just made, not a cached copy
for id in Microwasm Microwasm.Wasi Microwasm.AppFramework; do
  lower="$(tr '[:upper:]' '[:lower:]' <<<"$id")"
  cmp -s "$feed/$id.$version.nupkg" "$tmp/packages/$lower/$version/$lower.$version.nupkg" ||
    fail "the consumer restored a $id $version that is not the one in $feed"
done
output="$(dotnet "$tmp/consumer-bin/PackageConsumer.dll" "$tmp/add.wasm" "$tmp/wasi.wasm" samples/simple/request_handler.wasm)" ||
  fail "tests/PackageConsumer: exit status $?: $output"
expected="add(40, 2) = 42
wasi: hello from wasi
wasi: exit status 3
[request_handler] [resp] ### user resource 1 handler called
applet: Content key1=value1 key2=value2"
[ "$output" = "$expected" ] || fail "tests/PackageConsumer printed:
$output
expected:
$expected"
echo "tools/pack.sh: tests/PackageConsumer against Microwasm, Microwasm.Wasi, Microwasm.AppFramework $version OK ($(seconds "$start"))"

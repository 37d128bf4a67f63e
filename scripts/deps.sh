#!/usr/bin/env bash
# scripts/deps.sh
#	Installs the Debian 12 packages that building and testing cdc_plugin
#	need, and only when one is missing.  Needs root for that (otherwise it
#	prints the apt-get command and fails).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

packages=(postgresql-15 postgresql-server-dev-15 postgresql-15-postgis-3 g++ make cmake rapidjson-dev catch2
          libasan8 libubsan1 python3 python3-psycopg2 nodejs clang libclang-rt-14-dev libssl-dev
          libpq-dev libnats-dev nats-server pkg-config)
# npm: Debian's package, unless an npm is already there (NodeSource's nodejs
# bundles npm and conflicts with Debian's npm package).
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
    [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null) == ii* ]] || missing+=("$p")
done
[[ ${#missing[@]} == 0 ]] && exit 0

cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) != 0 ]]; then
    echo "deps.sh: missing packages: ${missing[*]}" >&2
    echo "deps.sh: run as root: $cmd" >&2
    exit 1
fi
echo "deps.sh: installing ${missing[*]}"
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"

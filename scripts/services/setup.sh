#!/usr/bin/env bash
# Install and start the real services the tests can use, on loopback only:
#   - PostgreSQL 15 with pgvector 0.8.x (built from Debian trixie's source package,
#     because bookworm ships no pgvector), as a throwaway cluster of our own;
#   - Redis 7, as a daemon of our own;
#   - Chromium, for the inspector page's browser test (npm run test:inspector).
# Idempotent: a second run finds everything installed and running and takes about a second.
# Needs root (apt-get, make install, running initdb as the postgres user).
#
# Env overrides: LW_SERVICES_DIR (default /tmp/living-world-services),
#                LW_PG_PORT (default 54329), LW_REDIS_PORT (default 63799).
# Connection URLs: `source scripts/services/env.sh`. Stop: scripts/services/stop.sh.
set -euo pipefail

SERVICES_DIR="${LW_SERVICES_DIR:-/tmp/living-world-services}"
PG_PORT="${LW_PG_PORT:-54329}"
REDIS_PORT="${LW_REDIS_PORT:-63799}"

PG_BIN=/usr/lib/postgresql/15/bin
PG_CONFIG="$PG_BIN/pg_config"
PG_DATA="$SERVICES_DIR/pg"
PG_SOCKET_DIR="$SERVICES_DIR/run"
PG_LOG="$SERVICES_DIR/postgres.log"
REDIS_DIR="$SERVICES_DIR/redis"
REDIS_LOG="$SERVICES_DIR/redis.log"

APP_ROLE=living_world
APP_PASSWORD=living_world
APP_DATABASES=(living_world living_world_test)
PGVECTOR_MIN_VERSION=0.8.0

# chromium (+ a font, as no-recommends leaves it without one): the world inspector's browser test
# drives Debian's Chromium with playwright-core, which downloads no browser of its own.
PACKAGES=(postgresql-15 postgresql-server-dev-15 redis-server make gcc libc6-dev tar gzip xz-utils chromium fonts-dejavu-core)

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (it installs Debian packages and runs initdb as the postgres user)"

export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-y -q -o DPkg::Lock::Timeout=300)

# --- 1. Debian packages -------------------------------------------------------

is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

install_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do is_installed "$p" || missing+=("$p"); done
  if [ "${#missing[@]}" -eq 0 ]; then
    log "packages already installed"
    return
  fi
  log "installing: ${missing[*]}"
  apt-get update -q
  # The packages' own default cluster (port 5432) and redis service are not used:
  # whether they start or not (policy-rc.d, no init) does not matter to anything below.
  apt-get install "${APT_OPTS[@]}" --no-install-recommends "${missing[@]}"
}

# --- 2. pgvector from Debian trixie's source package --------------------------

version_at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

installed_pgvector_version() {
  local control
  control="$("$PG_CONFIG" --sharedir)/extension/vector.control"
  [ -f "$control" ] && [ -f "$("$PG_CONFIG" --pkglibdir)/vector.so" ] || return 0
  sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" "$control"
}

# Prints the URI of the Debian main archive, as configured in this machine's apt
# sources (one-line sources.list format and deb822 *.sources), so no host name is
# ever written in this repository. Picks an entry whose suite is this release's
# codename (e.g. "bookworm"), which excludes the security archive and third-party
# repositories.
debian_archive_uri() {
  local codename
  codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
  [ -n "$codename" ] || die "no VERSION_CODENAME in /etc/os-release"
  local files=()
  [ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
  local f
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && files+=("$f")
  done
  [ "${#files[@]}" -gt 0 ] || die "no apt sources found in /etc/apt"
  awk -v codename="$codename" '
    function consider(uri, suites, comps,   n, s, i) {
      if (uri !~ /^https?:\/\//) return
      if (uri ~ /security/) return
      if (comps !~ /(^|[ \t])main([ \t]|$)/) return
      n = split(suites, s, /[ \t]+/)
      for (i = 1; i <= n; i++) if (s[i] == codename) { print uri; found = 1; exit }
    }
    function flush() {
      if (enabled && types ~ /(^|[ \t])deb(-src)?([ \t]|$)/ && uris != "") {
        split(uris, u, /[ \t]+/); consider(u[1], suites, comps)
      }
      types = ""; uris = ""; suites = ""; comps = ""; enabled = 1
    }
    BEGIN { enabled = 1 }
    FNR == 1 { flush() }
    FILENAME ~ /\.sources$/ {
      if ($0 ~ /^[ \t]*$/) { flush(); next }
      if ($0 ~ /^[ \t]*#/) next
      line = $0; key = tolower(line); sub(/:.*/, "", key)
      val = line; sub(/^[^:]*:[ \t]*/, "", val); sub(/[ \t]+$/, "", val)
      if (key == "types") types = val
      else if (key == "uris") uris = val
      else if (key == "suites") suites = val
      else if (key == "components") comps = val
      else if (key == "enabled" && tolower(val) == "no") enabled = 0
      next
    }
    {
      # One-line format: deb [options] URI suite component...
      if ($0 ~ /^[ \t]*#/ || NF < 4) next
      if ($1 != "deb" && $1 != "deb-src") next
      line = $0; sub(/^[ \t]*deb(-src)?[ \t]+/, "", line)
      if (line ~ /^\[/) sub(/^\[[^]]*\][ \t]*/, "", line)
      n = split(line, w, /[ \t]+/)
      if (n < 3) next
      c = ""; for (i = 3; i <= n; i++) c = c " " w[i]
      consider(w[1], w[2], c)
    }
    END { if (!found) flush() }
  ' "${files[@]}"
}

build_pgvector() {
  local have
  have="$(installed_pgvector_version)"
  if [ -n "$have" ] && version_at_least "$have" "$PGVECTOR_MIN_VERSION"; then
    log "pgvector $have already installed"
    return
  fi
  local uri
  uri="$(debian_archive_uri | head -n1)"
  [ -n "$uri" ] || die "could not find the Debian main archive URI in /etc/apt/sources.list{,.d}"
  log "building pgvector from Debian trixie sources (archive: $uri)"

  local work
  work="$(mktemp -d /tmp/lw-pgvector.XXXXXX)"
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" EXIT
  chmod 755 "$work"
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/parts" "$work/src"
  # apt downloads as the unprivileged _apt user when it can.
  if id _apt >/dev/null 2>&1; then chown -R _apt "$work/lists" "$work/src"; fi

  # trixie's Release is signed by keys that bookworm's debian-archive-keyring ships.
  local signed_by=""
  [ -f /usr/share/keyrings/debian-archive-keyring.gpg ] &&
    signed_by="[signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] "
  printf 'deb-src %s%s trixie main\n' "$signed_by" "$uri" >"$work/sources.list"

  # Private sources, lists and caches: the system's apt state is untouched.
  local private=(
    -o "Dir::Etc::SourceList=$work/sources.list"
    -o "Dir::Etc::SourceParts=$work/parts"
    -o "Dir::State::Lists=$work/lists"
    -o "Dir::Cache=$work/cache"
    # Harmless when the archive is current; needed when the machine's sources point at a
    # dated snapshot. The signature is still verified.
    -o Acquire::Check-Valid-Until=false
  )
  apt-get -q "${private[@]}" update
  (cd "$work/src" && apt-get -q "${private[@]}" source --download-only pgvector)

  local tarball
  tarball="$(ls "$work"/src/pgvector_*.orig.tar.* 2>/dev/null | head -n1)"
  [ -n "$tarball" ] || die "apt-get source pgvector gave no pgvector_*.orig.tar.* in $work/src"
  mkdir -p "$work/build"
  tar -xf "$tarball" -C "$work/build"
  local srcdir
  srcdir="$(dirname "$(ls "$work"/build/*/vector.control | head -n1)")"
  # OPTFLAGS="" as Debian builds it: no -march=native, so the library runs on any x86-64.
  # with_llvm=no: no JIT bitcode, so clang is not needed.
  make -C "$srcdir" -s -j"$(nproc)" PG_CONFIG="$PG_CONFIG" OPTFLAGS="" with_llvm=no
  make -C "$srcdir" -s install PG_CONFIG="$PG_CONFIG" OPTFLAGS="" with_llvm=no
  rm -rf "$work"
  trap - EXIT
  have="$(installed_pgvector_version)"
  [ -n "$have" ] || die "pgvector build finished but vector.control/vector.so are not installed"
  log "pgvector $have installed"
}

# --- 3. PostgreSQL cluster ------------------------------------------------------

as_postgres() { runuser -u postgres -- "$@"; }

pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }

# Superuser connection through the unix socket (trust), never over TCP.
psql_super() { as_postgres "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PG_PORT" -U postgres "$@"; }

init_cluster() {
  mkdir -p "$SERVICES_DIR"
  chmod 755 "$SERVICES_DIR"
  install -d -o postgres -g postgres -m 775 "$PG_SOCKET_DIR"
  if [ -f "$PG_DATA/PG_VERSION" ]; then
    return
  fi
  log "initdb $PG_DATA"
  rm -rf "$PG_DATA"
  install -d -o postgres -g postgres -m 700 "$PG_DATA"
  local pwfile
  pwfile="$(mktemp)"
  # Throwaway test cluster: unix-socket connections are trusted (superuser setup by this
  # script); TCP on 127.0.0.1 needs a password (scram), so the URLs' credentials are real.
  # The postgres superuser's password is "postgres".
  echo postgres >"$pwfile"
  chown postgres "$pwfile"
  as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  cat >>"$PG_DATA/postgresql.conf" <<EOF

# --- living-world throwaway test cluster (scripts/services/setup.sh) ---
listen_addresses = '127.0.0.1'
# Durability off: this cluster holds test data only and is faster without it.
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

# True when PID is a live postgres process: not gone, not a zombie, not a pid reused by
# another program after a restart.
is_live_postgres() {
  local pid="$1" state
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
  state="$(sed 's/^.*) //' "/proc/$pid/stat" | cut -d' ' -f1)"
  [ "$state" != Z ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q postgres
}

postmaster_alive() { is_live_postgres "$(head -n1 "$PG_DATA/postmaster.pid" 2>/dev/null)"; }

# A killed postmaster leaves its pid in postmaster.pid and in the socket lock file, and
# postgres refuses to start while that pid exists (a zombie counts): remove both.
remove_stale_lock_files() {
  local lock
  if [ -f "$PG_DATA/postmaster.pid" ] && ! postmaster_alive; then
    log "removing stale $PG_DATA/postmaster.pid (postgres was killed or the machine restarted)"
    rm -f "$PG_DATA/postmaster.pid"
  fi
  for lock in "$PG_SOCKET_DIR"/.s.PGSQL.*.lock; do
    [ -f "$lock" ] || continue
    is_live_postgres "$(head -n1 "$lock")" || rm -f "$lock" "${lock%.lock}"
  done
}

start_postgres() {
  remove_stale_lock_files
  if postmaster_alive; then
    if pg_ready; then
      log "postgres already running on 127.0.0.1:$PG_PORT"
      return
    fi
    if [ -f "$PG_DATA/postmaster.pid" ]; then
      log "postgres is running but not on 127.0.0.1:$PG_PORT: restarting it"
      as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" stop -m fast -w >/dev/null ||
        die "could not stop the postgres of $PG_DATA: stop it (scripts/services/stop.sh) and retry"
    fi
  fi
  log "starting postgres on 127.0.0.1:$PG_PORT (log: $PG_LOG)"
  touch "$PG_LOG"
  chown postgres "$PG_LOG"
  # Port and socket directory on the command line, so LW_PG_PORT can change between runs.
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
    -o "-p $PG_PORT -k '$PG_SOCKET_DIR'" start >/dev/null ||
    { tail -n 30 "$PG_LOG" >&2; die "postgres did not start (log: $PG_LOG)"; }
  for _ in $(seq 1 60); do
    pg_ready && return
    sleep 0.5
  done
  tail -n 30 "$PG_LOG" >&2
  die "postgres is not ready on 127.0.0.1:$PG_PORT after 30 s (log: $PG_LOG)"
}

create_databases() {
  psql_super -d postgres <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$APP_ROLE') THEN
    CREATE ROLE $APP_ROLE LOGIN CREATEDB PASSWORD '$APP_PASSWORD';
  ELSE
    ALTER ROLE $APP_ROLE LOGIN CREATEDB PASSWORD '$APP_PASSWORD';
  END IF;
END
\$\$;
SQL
  local db
  for db in "${APP_DATABASES[@]}"; do
    psql_super -d postgres <<SQL
SELECT 'CREATE DATABASE $db OWNER $APP_ROLE' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db') \gexec
SQL
  done
  # pgvector is not a trusted extension: only a superuser can create it. Create it in
  # template1 too, so databases the app role creates later (CREATEDB) have it already.
  for db in template1 "${APP_DATABASES[@]}"; do
    psql_super -d "$db" -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION IF NOT EXISTS vector'
  done
}

# --- 4. Redis -------------------------------------------------------------------

redis_ping() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }

start_redis() {
  if redis_ping; then
    log "redis already running on 127.0.0.1:$REDIS_PORT"
    return
  fi
  log "starting redis on 127.0.0.1:$REDIS_PORT (log: $REDIS_LOG)"
  mkdir -p "$REDIS_DIR"
  # No persistence: test data only.
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
    --save '' --appendonly no --dir "$REDIS_DIR" \
    --logfile "$REDIS_LOG" --pidfile "$SERVICES_DIR/redis.pid"
  for _ in $(seq 1 60); do
    redis_ping && return
    sleep 0.5
  done
  tail -n 30 "$REDIS_LOG" >&2 || true
  die "redis is not answering PING on 127.0.0.1:$REDIS_PORT after 30 s (log: $REDIS_LOG)"
}

# --- main -------------------------------------------------------------------------

started=$SECONDS
install_packages
build_pgvector
init_cluster
start_postgres
create_databases
start_redis

version="$(psql_super -d living_world_test -At -c "SELECT extversion FROM pg_extension WHERE extname = 'vector'")"
log "ready in $((SECONDS - started)) s: PostgreSQL 15 + pgvector $version, Redis"
cat <<EOF
TEST_DATABASE_URL=postgres://$APP_ROLE:$APP_PASSWORD@127.0.0.1:$PG_PORT/living_world_test
DATABASE_URL_REAL=postgres://$APP_ROLE:$APP_PASSWORD@127.0.0.1:$PG_PORT/living_world
TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT
EOF

# shellcheck shell=bash
# Connection URLs of the services started by scripts/services/setup.sh.
# Meant to be sourced:  source scripts/services/env.sh
# Honours the same port overrides as setup.sh (LW_PG_PORT, LW_REDIS_PORT).
# DATABASE_URL_REAL (not DATABASE_URL) so that sourcing this does not switch the app
# off its embedded database; export DATABASE_URL="$DATABASE_URL_REAL" to use it.
export TEST_DATABASE_URL="postgres://living_world:living_world@127.0.0.1:${LW_PG_PORT:-54329}/living_world_test"
export DATABASE_URL_REAL="postgres://living_world:living_world@127.0.0.1:${LW_PG_PORT:-54329}/living_world"
export TEST_REDIS_URL="redis://127.0.0.1:${LW_REDIS_PORT:-63799}"

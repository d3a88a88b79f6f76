#!/usr/bin/env bash
# Install and start a PostgreSQL server for the store tests (tests/test_postgres.py).
# Idempotent; runs as root on a fresh Debian machine (CI=true, no stdin) or as a user
# with sudo. Prints `export DATELINE_TEST_PG=...` on its last line; source-able:
#   eval "$(.ci/postgres.sh | tail -n 1)"
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
PGUSER_NAME=${DATELINE_PG_ROLE:-dateline}
PGPASS=${DATELINE_PG_PASSWORD:-dateline}
PGDB=${DATELINE_PG_DB:-dateline_test}
PGPORT=${DATELINE_PG_PORT:-5432}

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo -n"; fi

log() { echo "postgres.sh: $*" >&2; }

if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    log "installing the Debian postgresql package"
    $SUDO apt-get update -qq >&2
    $SUDO apt-get install -y -qq --no-install-recommends postgresql postgresql-contrib >&2
fi

VER=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VER main"; then
    log "creating cluster $VER/main"
    $SUDO pg_createcluster "$VER" main --port "$PGPORT" >&2
fi
PORT=$(pg_lsclusters -h | awk -v v="$VER" '$1==v && $2=="main" {print $3}')
if ! pg_lsclusters -h | awk -v v="$VER" '$1==v && $2=="main" {print $4}' | grep -q online; then
    log "starting cluster $VER/main on port $PORT"
    # Containers often lack the runtime socket folder.
    $SUDO install -d -o postgres -g postgres -m 2775 /var/run/postgresql
    $SUDO pg_ctlcluster "$VER" main start >&2 || {
        # pg_ctlcluster refuses without systemd in some images: fall back to pg_ctl.
        $SUDO su postgres -s /bin/sh -c "/usr/lib/postgresql/$VER/bin/pg_ctl -D /var/lib/postgresql/$VER/main \
            -o '-c config_file=/etc/postgresql/$VER/main/postgresql.conf' -l /tmp/pg-$VER-main.log -w start" >&2
    }
fi
for _ in $(seq 1 30); do
    $SUDO su postgres -s /bin/sh -c "psql -p $PORT -qAtc 'select 1'" >/dev/null 2>&1 && break
    sleep 1
done

psql_pg() { $SUDO su postgres -s /bin/sh -c "psql -p $PORT -v ON_ERROR_STOP=1 -qAt -c \"$1\""; }
if [ "$(psql_pg "SELECT 1 FROM pg_roles WHERE rolname='$PGUSER_NAME'")" != 1 ]; then
    log "creating role $PGUSER_NAME"
    psql_pg "CREATE ROLE $PGUSER_NAME LOGIN PASSWORD '$PGPASS' CREATEDB" >&2
fi
if [ "$(psql_pg "SELECT 1 FROM pg_database WHERE datname='$PGDB'")" != 1 ]; then
    log "creating database $PGDB"
    psql_pg "CREATE DATABASE $PGDB OWNER $PGUSER_NAME" >&2
fi
echo "export DATELINE_TEST_PG=postgresql://$PGUSER_NAME:$PGPASS@localhost:$PORT/$PGDB"

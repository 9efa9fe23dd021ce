#!/usr/bin/env bash
# Installs PostgreSQL from Debian packages if needed, starts a cluster, creates the test
# database and prints its URL (for VIREO_TEST_PG_URL). Safe to run repeatedly.
set -euo pipefail
PGDB=${VIREO_PG_DB:-vireo_test}
PGPASS=${VIREO_PG_PASSWORD:-vireo}

if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq postgresql) >&2
fi

ver=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$ver main$"; then
  pg_createcluster "$ver" main >&2
fi
if ! pg_lsclusters -h | awk '$1=="'"$ver"'" && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$ver" main start >&2
fi
port=$(pg_lsclusters -h | awk '$1=="'"$ver"'" && $2=="main" {print $3}')

for _ in $(seq 1 30); do
  su postgres -c "psql -p $port -Atqc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -p $port -qc \"ALTER USER postgres PASSWORD '$PGPASS'\"" >/dev/null
if ! su postgres -c "psql -p $port -Atqc \"select 1 from pg_database where datname='$PGDB'\"" | grep -q 1; then
  su postgres -c "createdb -p $port $PGDB" >&2
fi
echo "postgresql://postgres:$PGPASS@127.0.0.1:$port/$PGDB"

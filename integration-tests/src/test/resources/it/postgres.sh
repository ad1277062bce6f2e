#!/bin/sh
# PostgreSQL for StoreFaultsIT: the cluster is made on the first start and kept when the container is restarted.
set -e
PG=$(ls -d /usr/lib/postgresql/*/bin | head -n 1)
DATA=/var/lib/postgresql/it
if [ ! -s "$DATA/PG_VERSION" ]; then
    mkdir -p "$DATA"
    chown postgres "$DATA"
    runuser -u postgres -- "$PG/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    echo "host all all 0.0.0.0/0 scram-sha-256" >> "$DATA/pg_hba.conf"
fi
exec runuser -u postgres -- "$PG/postgres" -D "$DATA" -c listen_addresses='*' -c unix_socket_directories=/tmp

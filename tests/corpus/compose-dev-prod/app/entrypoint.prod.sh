#!/bin/sh
# Production entrypoint: wait for Postgres, then start. Migrations are run by hand after deploy.

if [ "$DATABASE" = "postgres" ]; then
    while ! nc -z "$SQL_HOST" "$SQL_PORT"; do
      sleep 0.1
    done
fi

exec "$@"

#!/bin/sh
# Development entrypoint: wait for Postgres, start from an empty database every time.

if [ "$DATABASE" = "postgres" ]; then
    echo "Waiting for postgres..."
    while ! nc -z "$SQL_HOST" "$SQL_PORT"; do
      sleep 0.1
    done
fi

python manage.py flush --no-input
python manage.py migrate
python manage.py loaddata fixtures/sample_recipes.json

exec "$@"

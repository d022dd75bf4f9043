#!/bin/sh
# Creates ./secrets/ for docker-compose.yml: random key and passwords, and the URLs that
# carry them. Existing files are kept, so running it again changes nothing.
# E-mail: edit secrets/email_url afterwards (smtp://user:password@smtp.kommune.no:587).
set -eu
cd "$(dirname "$0")/.."
umask 077
mkdir -p secrets
chmod 0700 secrets  # the files are readable inside the containers; the folder guards the host

random() { python3 -c "import secrets; print(secrets.token_urlsafe($1))"; }
put() { [ -s "secrets/$1" ] || { printf '%s\n' "$2" > "secrets/$1"; echo "created secrets/$1"; }; }

put secret_key "$(random 64)"
put postgres_password "$(random 32)"
put redis_password "$(random 32)"
put database_url "postgres://alisvest:$(cat secrets/postgres_password)@postgres:5432/alisvest"
put redis_url "redis://:$(cat secrets/redis_password)@redis:6379/0"
put email_url "smtp://mail.example.no:587"
# Seals the backups (docs/backup.md): keep a copy of it off-site, apart from the archives.
put backup_key "$(random 48)"
chmod 0644 secrets/*

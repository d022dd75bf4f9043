#!/bin/sh
# The compose file's backup service: manage.py backup once a night at BACKUP_AT (local time,
# TZ), sealed when BACKUP_ENCRYPTION_KEY(_FILE) is set; then archives older than
# BACKUP_KEEP_DAYS days are removed. A failed night is logged and retried the next night;
# the health check, the archive dates and /metrics (alisvest_backup_age_seconds) show it
# (docs/backup.md).
set -u
: "${BACKUP_DIR:=/app/var/backup}" "${BACKUP_AT:=02:30}" "${BACKUP_KEEP_DAYS:=14}"
# pg_dump's temporary dump goes beside the archives, not into the /tmp tmpfs (memory).
export TMPDIR="$BACKUP_DIR/.tmp"
mkdir -p "$TMPDIR"

while :; do
    now=$(date +%s)
    next=$(date -d "today $BACKUP_AT" +%s)
    [ "$next" -gt "$now" ] || next=$(date -d "tomorrow $BACKUP_AT" +%s)
    echo "backup: next run $(date -d "@$next" '+%Y-%m-%d %H:%M %Z')"
    sleep $((next - now))
    if ! python manage.py backup --keep-days "$BACKUP_KEEP_DAYS"; then
        echo "backup: FAILED, the previous archives are kept" >&2
    fi
done

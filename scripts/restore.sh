#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into a PostgreSQL database.
#
#   scripts/restore.sh [--force] DUMP TARGET_DATABASE_URL
#
# The checksum next to the dump (DUMP.sha256) must match when it is there. The target database must
# exist (createdb) and be empty: restoring over a database that has tables is refused unless --force
# is given, and then its objects are dropped and replaced (pg_restore --clean --if-exists). Objects
# are owned by the user restoring (--no-owner); the grants in the dump (the audit log's append-only
# privileges) are restored, so the roles they name must exist. One transaction: all or nothing.
# After a restore into the live database: `manage.py migrate` (a newer release) and check /readyz.
#
# Exit codes: 0 done, 1 wrong use, 3 checksum mismatch, 4 refused (target not empty), 5 pg_restore failed.
set -euo pipefail

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }

force=0
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --force) force=1; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "restore.sh: unknown option: $1" >&2; usage >&2; exit 1 ;;
        *) args+=("$1"); shift ;;
    esac
done
[ "${#args[@]}" -eq 2 ] || { usage >&2; exit 1; }
dump="${args[0]}"
target="${args[1]}"
[ -r "$dump" ] || { echo "restore.sh: cannot read $dump" >&2; exit 1; }
case "$target" in
    postgres://*|postgresql://*) ;;
    *) echo "restore.sh: the target must be a postgres:// URL" >&2; exit 1 ;;
esac
for tool in pg_restore psql sha256sum; do
    command -v "$tool" >/dev/null || { echo "restore.sh: $tool not found" >&2; exit 1; }
done

if [ -f "$dump.sha256" ]; then
    if ! (cd "$(dirname "$dump")" && sha256sum --check --quiet "$(basename "$dump").sha256"); then
        echo "restore.sh: $dump does not match its checksum" >&2
        exit 3
    fi
else
    echo "restore.sh: no checksum file next to $dump; restoring without the check" >&2
fi

tables="$(psql --no-password --no-psqlrc --tuples-only --no-align --dbname="$target" --command \
    "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")"
if [ "$tables" != "0" ] && [ "$force" -ne 1 ]; then
    echo "restore.sh: the target database has $tables tables; refusing to restore over it (--force to replace them)" >&2
    exit 4
fi

started_ns="$(date +%s%N)"
if ! pg_restore --clean --if-exists --no-owner --single-transaction --exit-on-error --no-password \
        --dbname="$target" "$dump"; then
    echo "restore.sh: pg_restore failed; the target is unchanged (one transaction)" >&2
    exit 5
fi
ms=$(( ($(date +%s%N) - started_ns) / 1000000 ))
printf 'restored %s seconds=%d.%03d\n' "$dump" $((ms / 1000)) $((ms % 1000))

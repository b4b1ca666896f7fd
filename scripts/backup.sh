#!/usr/bin/env bash
# Back up Overgang's PostgreSQL database: pg_dump's custom format (compressed, restorable table by
# table with pg_restore) to a timestamped file, a SHA-256 checksum next to it, the oldest dumps
# beyond the newest KEEP removed.
#
#   DATABASE_URL=postgres://... scripts/backup.sh [--dir DIR] [--keep N]
#
# DATABASE_URL   the database, as the application reads it (postgres://USER:PASSWORD@HOST:PORT/NAME,
#                or postgres:///NAME over the local socket); required
# BACKUP_DIR     where dumps go (--dir; default var/backups in the working directory)
# BACKUP_KEEP    how many dumps to keep (--keep; default 14; 0 keeps all)
#
# Writes DIR/overgang-<UTC time>.dump and .dump.sha256 (mode 0600: a dump holds personal data), and
# checks that pg_restore can read the dump's table of contents before it counts. Prints the file,
# its size and the seconds taken. Exit codes: 0 done, 1 wrong use or configuration, 2 pg_dump
# failed, 3 the dump is unreadable or the checksum could not be written.
set -euo pipefail

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }

dir="${BACKUP_DIR:-var/backups}"
keep="${BACKUP_KEEP:-14}"
while [ $# -gt 0 ]; do
    case "$1" in
        --dir) dir="${2:?--dir needs a directory}"; shift 2 ;;
        --keep) keep="${2:?--keep needs a number}"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "backup.sh: unknown argument: $1" >&2; usage >&2; exit 1 ;;
    esac
done

url="${DATABASE_URL:-}"
case "$url" in
    postgres://*|postgresql://*) ;;
    "") echo "backup.sh: set DATABASE_URL" >&2; exit 1 ;;
    *) echo "backup.sh: DATABASE_URL is not PostgreSQL (postgres://...); SQLite: copy the file" >&2; exit 1 ;;
esac
case "$keep" in ''|*[!0-9]*) echo "backup.sh: --keep must be a number" >&2; exit 1 ;; esac
for tool in pg_dump pg_restore sha256sum; do
    command -v "$tool" >/dev/null || { echo "backup.sh: $tool not found" >&2; exit 1; }
done

umask 077
mkdir -p "$dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
name="overgang-$stamp.dump"
target="$dir/$name"
partial="$target.partial"
trap 'rm -f "$partial"' EXIT
started_ns="$(date +%s%N)"

if ! pg_dump --format=custom --compress=6 --no-password --file="$partial" --dbname="$url"; then
    echo "backup.sh: pg_dump failed" >&2
    exit 2
fi
if ! pg_restore --list "$partial" >/dev/null; then
    echo "backup.sh: the dump cannot be read back" >&2
    exit 3
fi
mv "$partial" "$target"
if ! (cd "$dir" && sha256sum "$name" > "$name.sha256"); then
    echo "backup.sh: could not write the checksum" >&2
    exit 3
fi

if [ "$keep" -gt 0 ]; then
    # Names sort by time; everything but the newest $keep goes, with its checksum.
    find "$dir" -maxdepth 1 -name 'overgang-*.dump' -printf '%f\n' | sort -r | tail -n "+$((keep + 1))" |
        while read -r old; do
            rm -f -- "$dir/$old" "$dir/$old.sha256"
            echo "removed $dir/$old"
        done
fi

ms=$(( ($(date +%s%N) - started_ns) / 1000000 ))
bytes="$(stat -c %s "$target")"
printf 'backup %s bytes=%s seconds=%d.%03d\n' "$target" "$bytes" $((ms / 1000)) $((ms % 1000))

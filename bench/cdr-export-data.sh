#!/usr/bin/env bash
# Fills a MariaDB schema with call detail records for the CDR export benchmark.
#
# Creates the schema SCHEMA (default palisade_bench) on MariaDB 127.0.0.1:3306 (user root, no
# password), lets Palisade's own Flyway migrations create the tables (it runs `extension list`
# once with the jar), adds 1,000 extensions 10000..10999 in 12 departments (every 25th has
# none), then ROWS call records (default 1,000,000) in one INSERT ... SELECT per 100,000 rows
# over MariaDB's Sequence engine (seq_1_to_N), so no row crosses the network. Prints how long
# each part took. The schema is kept: drop it yourself, or run again with --fresh.
#
# The records are deterministic (a function of their sequence number), in start order, spread
# evenly over 2025-01-01T00:00:00Z .. 2026-01-01T00:00:00Z (UTC), with
#   direction   60 % INTERNAL, 20 % OUTBOUND, 20 % INBOUND; trunks pbx1, pbx2, pbx3 for the last two
#   disposition 60 % ANSWERED, 12 % NO ANSWER, 8 % BUSY, 8 % FAILED, 10 % CANCELLED, 2 % BLOCKED BY POLICY
#   a few inbound callers named like spreadsheet formulas (=1+2), for the excel mode of the export
# and caller_department / callee_department copied from the extensions, as Palisade stores them.
#
# For the HTTP export benchmark (bench/cdr-export.sh, written on top of this):
#   bench/cdr-export-data.sh --fresh palisade_bench
#   java -jar server/target/palisade.jar serve --db-url jdbc:mariadb://127.0.0.1:3306/palisade_bench --db-user root
#   # all rows: from=2025-01-01T00:00:00Z to=2026-01-01T00:00:00Z; cdr export --from ... --to ... does the same from the CLI
#
# usage: bench/cdr-export-data.sh [--rows N] [--fresh] [--jar FILE] [SCHEMA]
#   --rows N   how many CDRs (default 1000000)
#   --fresh    drop SCHEMA first if it exists (without it, a schema that already holds CDRs is refused)
#   --jar FILE the Palisade jar whose migrations create the tables (default server/target/palisade.jar;
#              built with mvn -DskipTests package when missing)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=${PALISADE_JAR:-$ROOT/server/target/palisade.jar}
ROWS=1000000
FRESH=false
DB_SCHEMA=palisade_bench
CHUNK=100000
EXTENSIONS=1000
FIRST_EXTENSION=10000
YEAR_START_MS=1735689600000 # 2025-01-01T00:00:00Z
YEAR_END_MS=1767225600000   # 2026-01-01T00:00:00Z
MARIADB=(mariadb -h 127.0.0.1 -P 3306 -u root --connect-timeout=5)

usage() {
    sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-2}"
}

while (($#)); do
    case "$1" in
        --rows) ROWS=${2:?--rows needs a number}; shift ;;
        --fresh) FRESH=true ;;
        --jar) JAR=${2:?--jar needs a file}; shift ;;
        -h|--help) usage 0 ;;
        -*) echo "unknown option: $1" >&2; usage ;;
        *) DB_SCHEMA=$1 ;;
    esac
    shift
done
[[ $ROWS =~ ^[1-9][0-9]{0,8}$ ]] || { echo "--rows: a whole number from 1 to 999999999, got '$ROWS'" >&2; exit 2; }
# the name goes into SQL and a JDBC URL unquoted
[[ $DB_SCHEMA =~ ^[A-Za-z_][A-Za-z0-9_]{0,63}$ ]] || { echo "schema: letters, digits and _ only, got '$DB_SCHEMA'" >&2; exit 2; }

# log, now, bench_require, bench_build
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
bench_require mariadb java unzip

sql() { "${MARIADB[@]}" "$DB_SCHEMA" -e "$1"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

bench_build
if ! unzip -l "$JAR" 'db/migration/V8__cdr_indexes.sql' >/dev/null 2>&1; then
    echo "$JAR predates the department columns of the cdr table (migration V8): rebuild it (mvn -DskipTests package)" >&2
    exit 1
fi

# ---------------------------------------------------------------- schema and tables
if [[ $FRESH == true ]]; then
    log "dropping schema $DB_SCHEMA"
    "${MARIADB[@]}" -e "DROP DATABASE IF EXISTS \`$DB_SCHEMA\`"
fi
"${MARIADB[@]}" -e "CREATE DATABASE IF NOT EXISTS \`$DB_SCHEMA\` CHARACTER SET utf8mb4"

T0=$(now)
log "migrating $DB_SCHEMA with $JAR"
java -jar "$JAR" extension list --db-url "jdbc:mariadb://127.0.0.1:3306/$DB_SCHEMA" --db-user root >/dev/null
T_MIGRATE=$(elapsed "$T0")

EXISTING=$("${MARIADB[@]}" -N "$DB_SCHEMA" -e "SELECT COUNT(*) FROM cdr")
if ((EXISTING > 0)); then
    echo "schema $DB_SCHEMA already holds $EXISTING CDRs; run with --fresh to replace them" >&2
    exit 1
fi

# ---------------------------------------------------------------- extensions
# Straight into the table, not through `extension add`: bench data needs no audit entries, and
# nobody registers with these (the hashes are zeros).
T1=$(now)
sql "INSERT IGNORE INTO extension (number, display_name, department, profile, ha1_md5, ha1_sha256, enabled, created_at, updated_at)
     SELECT CAST($FIRST_EXTENSION + seq AS CHAR), CONCAT('Bench ', $FIRST_EXTENSION + seq),
            CASE WHEN seq % 25 = 0 THEN NULL
                 ELSE ELT(1 + seq % 12, 'Sales', 'Support', 'Finance', 'Engineering', 'Operations', 'Marketing',
                          'Legal', 'Purchasing', 'Logistics', 'Human Resources', 'Facilities', 'Management') END,
            'default', REPEAT('0', 32), REPEAT('0', 64), TRUE, $YEAR_START_MS, $YEAR_START_MS
     FROM seq_0_to_$((EXTENSIONS - 1))"
T_EXT=$(elapsed "$T1")

# ---------------------------------------------------------------- call records
# One row per seq. In the innermost SELECT: the choices (direction, disposition, parties, times
# in ms); the middle one derives end and answer from them; the outer one writes the row the way
# CallRecord would (durations rounded half up, billsec 0 unless answered) and takes the
# departments from the extension rows, as SqlCdrStore does on insert.
STEP=$(((YEAR_END_MS - YEAR_START_MS) / ROWS))
insert_chunk() { # insert_chunk FIRST LAST
    sql "SET SESSION unique_checks = 0;
    INSERT INTO cdr (call_id, caller, callee, direction, trunk, start_at, answer_at, end_at, duration_s, billsec,
                     disposition, sip_code, hangup_by, hangup_reason, media_offered, media_used,
                     packets_from_caller, bytes_from_caller, packets_from_callee, bytes_from_callee,
                     caller_department, callee_department)
    SELECT CONCAT('bench-', c.seq, '@palisade.bench'), c.caller, c.callee, c.direction, c.trunk, c.start_at,
           c.answer_at, c.end_at, (c.end_at - c.start_at + 500) DIV 1000,
           CASE WHEN c.answered THEN (c.end_at - c.answer_at + 500) DIV 1000 ELSE 0 END,
           c.disposition,
           CASE c.disposition WHEN 'ANSWERED' THEN 200 WHEN 'NO ANSWER' THEN 480 WHEN 'BUSY' THEN 486
                WHEN 'FAILED' THEN 503 WHEN 'CANCELLED' THEN 487 ELSE 403 END,
           CASE c.disposition WHEN 'ANSWERED' THEN ELT(1 + c.seq % 2, 'CALLER', 'CALLEE') WHEN 'BUSY' THEN 'CALLEE'
                WHEN 'CANCELLED' THEN 'CALLER' WHEN 'FAILED' THEN NULL ELSE 'SYSTEM' END,
           CASE c.disposition WHEN 'ANSWERED' THEN 'BYE' WHEN 'NO ANSWER' THEN 'NO ANSWER TIMEOUT' WHEN 'BUSY' THEN 'BUSY'
                WHEN 'FAILED' THEN 'SIP 503' WHEN 'CANCELLED' THEN 'CANCEL' ELSE 'POLICY' END,
           IF(c.seq % 5 = 0, 'audio,video', 'audio'), 'audio',
           IF(c.answered, c.talk_ms DIV 20, NULL), IF(c.answered, c.talk_ms DIV 20 * 172, NULL),
           IF(c.answered, GREATEST(c.talk_ms DIV 20 - c.seq % 7, 0), NULL),
           IF(c.answered, GREATEST(c.talk_ms DIV 20 - c.seq % 7, 0) * 172, NULL),
           ec.department, ee.department
    FROM (
        SELECT p.*, IF(p.answered, p.start_at + p.ring_ms, NULL) AS answer_at,
               p.start_at + p.ring_ms + IF(p.answered, p.talk_ms, 0) AS end_at,
               CASE p.direction WHEN 'INBOUND' THEN p.outside ELSE p.ext_a END AS caller,
               CASE p.direction WHEN 'INTERNAL' THEN p.ext_b WHEN 'OUTBOUND' THEN p.outside ELSE p.ext_a END AS callee,
               CASE p.direction WHEN 'INBOUND' THEN NULL ELSE p.ext_a END AS caller_ext,
               CASE p.direction WHEN 'INTERNAL' THEN p.ext_b WHEN 'INBOUND' THEN p.ext_a ELSE NULL END AS callee_ext
        FROM (
            SELECT CAST(s.seq AS SIGNED) AS seq, -- the Sequence engine's is unsigned: a subtraction below 0 would be an error
                   CASE WHEN s.seq % 10 < 6 THEN 'INTERNAL' WHEN s.seq % 10 < 8 THEN 'OUTBOUND' ELSE 'INBOUND' END AS direction,
                   IF(s.seq % 10 < 6, NULL, ELT(1 + (s.seq DIV 10) % 3, 'pbx1', 'pbx2', 'pbx3')) AS trunk,
                   CASE WHEN CRC32(s.seq) % 100 < 60 THEN 'ANSWERED' WHEN CRC32(s.seq) % 100 < 72 THEN 'NO ANSWER'
                        WHEN CRC32(s.seq) % 100 < 80 THEN 'BUSY' WHEN CRC32(s.seq) % 100 < 88 THEN 'FAILED'
                        WHEN CRC32(s.seq) % 100 < 98 THEN 'CANCELLED' ELSE 'BLOCKED BY POLICY' END AS disposition,
                   CRC32(s.seq) % 100 < 60 AS answered,
                   CAST($FIRST_EXTENSION + (s.seq * 7919) % $EXTENSIONS AS CHAR) AS ext_a,
                   CAST($FIRST_EXTENSION + ((s.seq * 7919) % $EXTENSIONS + 1 + (s.seq * 31) % ($EXTENSIONS - 1)) % $EXTENSIONS
                        AS CHAR) AS ext_b,
                   IF(s.seq % 10007 = 0, CONCAT('=', s.seq % 9, '+', s.seq % 7),
                      CONCAT('+4930', LPAD((s.seq * 13) % 10000000, 7, '0'))) AS outside,
                   $YEAR_START_MS + (s.seq - 1) * $STEP + (s.seq * 7) % $STEP AS start_at,
                   1000 + (s.seq * 53) % 20000 AS ring_ms,
                   CAST(((s.seq * 97) % 900) * 1000 + (s.seq * 11) % 1000 AS SIGNED) AS talk_ms
            FROM seq_1_to_$ROWS s
            WHERE s.seq BETWEEN $1 AND $2
        ) p
    ) c
    LEFT JOIN extension ec ON ec.number = c.caller_ext
    LEFT JOIN extension ee ON ee.number = c.callee_ext
    ORDER BY c.seq"
}

T2=$(now)
for ((first = 1; first <= ROWS; first += CHUNK)); do
    last=$((first + CHUNK - 1 > ROWS ? ROWS : first + CHUNK - 1))
    insert_chunk "$first" "$last"
    log "$last of $ROWS CDRs ($(elapsed "$T2") s)"
done
T_CDR=$(elapsed "$T2")

T3=$(now)
sql "ANALYZE TABLE cdr" >/dev/null
T_ANALYZE=$(elapsed "$T3")

COUNT=$("${MARIADB[@]}" -N "$DB_SCHEMA" -e "SELECT COUNT(*) FROM cdr")
((COUNT == ROWS)) || { echo "expected $ROWS CDRs in $DB_SCHEMA, found $COUNT" >&2; exit 1; }

printf '\n%-28s %s\n' "schema" "jdbc:mariadb://127.0.0.1:3306/$DB_SCHEMA (user root)"
printf '%-28s %s\n' "CDRs" "$COUNT, start 2025-01-01T00:00:00Z .. 2026-01-01T00:00:00Z"
printf '%-28s %8s s\n' "migrations (palisade jar)" "$T_MIGRATE"
printf '%-28s %8s s\n' "$EXTENSIONS extensions" "$T_EXT"
printf '%-28s %8s s   (%s rows/s)\n' "$ROWS CDRs" "$T_CDR" "$(awk -v n="$ROWS" -v t="$T_CDR" 'BEGIN { printf "%d", (t > 0 ? n / t : 0) }')"
printf '%-28s %8s s\n' "ANALYZE TABLE" "$T_ANALYZE"
printf '%-28s %8s s\n' "total" "$(elapsed "$T0")"

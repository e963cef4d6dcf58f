#!/usr/bin/env bash
# Directory sync of PEOPLE people from Debian's OpenLDAP server (slapd), driven by the CLI.
#
# Generates an LDIF with PEOPLE inetOrgPerson entries (uid, displayName, telephoneNumber,
# departmentNumber, mail) and two groups, bulk-loads it with slapadd, starts slapd on a free
# loopback port (mdb backend, at most 1,000 entries per request, as AD), configures Palisade
# (openldap flavor, a group mapped to a profile) on a fresh database (embedded H2, or a fresh
# MariaDB schema with --mariadb), then times `palisade directory sync`: the first full sync,
# a resync with no change, and a resync after RENAMES people got a new displayName. Prints
# one row per run: the sync's own time (from its status) and the command's wall time with
# the JVM start. See bench/README.md.
#
# usage: bench/directory-sync.sh [--people N] [--renames N] [--mariadb] [--jar FILE] [--keep]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=${PALISADE_JAR:-$ROOT/server/target/palisade.jar}
PEOPLE=10000
RENAMES=100
MARIADB=false
KEEP=false
SERVER_OPTS=()

usage() {
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-2}"
}

while (($#)); do
    case "$1" in
        --people) PEOPLE=${2:?--people needs a number}; shift ;;
        --renames) RENAMES=${2:?--renames needs a number}; shift ;;
        --mariadb) MARIADB=true ;;
        --jar) JAR=${2:?--jar needs a file}; shift ;;
        --keep) KEEP=true ;;
        -h|--help) usage 0 ;;
        *) echo "unknown argument: $1" >&2; usage ;;
    esac
    shift
done
[[ $PEOPLE =~ ^[0-9]+$ && $PEOPLE -ge 1 && $PEOPLE -le 899999 ]] || { echo "--people: 1 to 899999" >&2; exit 2; }
[[ $RENAMES =~ ^[0-9]+$ && $RENAMES -le $PEOPLE ]] || { echo "--renames: 0 to --people" >&2; exit 2; }

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
SLAPD=/usr/sbin/slapd
SLAPADD=/usr/sbin/slapadd
[[ -x $SLAPD && -x $SLAPADD ]] || { echo "slapd and slapadd are needed: apt-get install slapd ldap-utils" >&2; exit 1; }
bench_require java ldapmodify ss timeout awk

bench_init directory-bench
SLAPD_PID=""
directory_cleanup() {
    local rc=$?
    stop_pid "$SLAPD_PID" 10
    (exit "$rc")
    bench_cleanup
}
trap directory_cleanup EXIT
bench_build
bench_database

# ---------------------------------------------------------------- the directory
SUFFIX="dc=example,dc=com"
ROOT_DN="cn=admin,$SUFFIX"
ROOT_PW="bench-root-pw"
SERVICE_DN="cn=palisade,$SUFFIX"
SERVICE_PW="bench-service-pw"
mkdir -p "$WORK/slapd/db"
cat >"$WORK/slapd/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/nis.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile $WORK/slapd/slapd.pid
argsfile $WORK/slapd/slapd.args
sizelimit size.soft=1000 size.hard=1000 size.prtotal=unlimited
database mdb
maxsize 4294967296
suffix "$SUFFIX"
rootdn "$ROOT_DN"
rootpw $ROOT_PW
directory $WORK/slapd/db
index objectClass eq
index uid eq
index member eq
CONF

LDIF=$WORK/people.ldif
log "generating $PEOPLE people"
awk -v n="$PEOPLE" -v suffix="$SUFFIX" -v svc="$SERVICE_DN" -v svcpw="$SERVICE_PW" 'BEGIN {
    printf "dn: %s\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n\n", suffix
    printf "dn: ou=people,%s\nobjectClass: organizationalUnit\nou: people\n\n", suffix
    printf "dn: ou=groups,%s\nobjectClass: organizationalUnit\nou: groups\n\n", suffix
    printf "dn: %s\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: palisade\nuserPassword: %s\n\n", svc, svcpw
    for (i = 1; i <= n; i++) {
        uid = sprintf("u%06d", i)
        printf "dn: uid=%s,ou=people,%s\nobjectClass: inetOrgPerson\nuid: %s\ncn: Person %d\nsn: %d\n", uid, suffix, uid, i, i
        printf "displayName: Person %d\ntelephoneNumber: +49 30 %d\ndepartmentNumber: Dept %d\nmail: %s@example.com\n\n", i, 100000 + i, i % 50, uid
    }
    # every tenth person is in sales (a mapped profile); sales sits inside everyone-else (nesting)
    printf "dn: cn=sales,ou=groups,%s\nobjectClass: groupOfNames\ncn: sales\n", suffix
    for (i = 10; i <= n; i += 10) printf "member: uid=u%06d,ou=people,%s\n", i, suffix
    if (n < 10) printf "member: uid=u%06d,ou=people,%s\n", 1, suffix
    printf "\ndn: cn=staff,ou=groups,%s\nobjectClass: groupOfNames\ncn: staff\nmember: cn=sales,ou=groups,%s\n\n", suffix, suffix
}' >"$LDIF"

t0=$(now)
"$SLAPADD" -q -f "$WORK/slapd/slapd.conf" -l "$LDIF" >"$WORK/slapadd.log" 2>&1 || { cat "$WORK/slapadd.log" >&2; exit 1; }
log "slapadd: $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s"
LDAP_PORT=$(free_port)
"$SLAPD" -h "ldap://127.0.0.1:$LDAP_PORT/" -f "$WORK/slapd/slapd.conf" -d 0 >"$WORK/slapd.log" 2>&1 &
SLAPD_PID=$!
for _ in $(seq 1 100); do
    [[ -n $(ss -Hlnt "sport = :$LDAP_PORT" 2>/dev/null) ]] && break
    kill -0 "$SLAPD_PID" 2>/dev/null || { echo "slapd exited:" >&2; cat "$WORK/slapd.log" >&2; exit 1; }
    sleep 0.1
done
[[ -n $(ss -Hlnt "sport = :$LDAP_PORT" 2>/dev/null) ]] || { echo "slapd does not listen on 127.0.0.1:$LDAP_PORT" >&2; exit 1; }
log "slapd on ldap://127.0.0.1:$LDAP_PORT with $PEOPLE people"

# ---------------------------------------------------------------- Palisade
KEY=$(java -jar "$JAR" secrets generate-key 2>/dev/null)
DB_ARGS+=(-D "secrets.key=$KEY")
palisade profile add sales --rights voice,video,chat,external-out >/dev/null
palisade profile add staff --rights voice,chat >/dev/null
echo "$SERVICE_PW" | palisade directory configure --url "ldap://127.0.0.1:$LDAP_PORT" --bind-dn "$SERVICE_DN" \
    --bind-password-stdin --base-dn "$SUFFIX" --flavor openldap --schedule off >/dev/null
palisade directory map-group "cn=sales,ou=groups,$SUFFIX" --profile sales --rank 10 >/dev/null
palisade directory map-group "cn=staff,ou=groups,$SUFFIX" --profile staff --rank 20 >/dev/null

ROWS=()
# sync NAME: one `palisade directory sync --json`, timed; appends a row to ROWS
sync() {
    local name=$1 t1 t2 out
    out=$WORK/$name.json
    t1=$(now)
    palisade directory sync --json >"$out" 2>"$WORK/$name.err" || { echo "sync '$name' failed:" >&2; cat "$WORK/$name.err" >&2; exit 1; }
    t2=$(now)
    ROWS+=("$(awk -v name="$name" -v a="$t1" -v b="$t2" '
        /^  "result"/ { gsub(/[",]/, "", $3); r = $3 }
        /^  "people"/ { gsub(/,/, "", $3); p = $3 } /^  "created"/ { gsub(/,/, "", $3); c = $3 }
        /^  "updated"/ { gsub(/,/, "", $3); u = $3 } /^  "unchanged"/ { gsub(/,/, "", $3); s = $3 }
        /^  "durationMillis"/ { gsub(/,/, "", $3); d = $3 } /^  "pages"/ { gsub(/,/, "", $3); pg = $3 }
        END { printf "%-18s %-6s %7s %6s %8s %8s %10s %12.2f %10.2f", name, r, p, pg, c, u, s, d / 1000, b - a }' "$out")")
    log "sync '$name' done"
}

sync "first full sync"
sync "no-change resync"
if ((RENAMES > 0)); then
    awk -v n="$PEOPLE" -v r="$RENAMES" -v suffix="$SUFFIX" 'BEGIN {
        step = int(n / r); if (step < 1) step = 1
        i = 1
        for (k = 0; k < r && i <= n; k++) {
            printf "dn: uid=u%06d,ou=people,%s\nchangetype: modify\nreplace: displayName\ndisplayName: Person %d Renamed\n\n", i, suffix, i
            i += step
        }
    }' >"$WORK/renames.ldif"
    ldapmodify -x -H "ldap://127.0.0.1:$LDAP_PORT" -D "$ROOT_DN" -w "$ROOT_PW" -f "$WORK/renames.ldif" >/dev/null
    sync "$RENAMES renamed"
fi

extensions=$(palisade extension list --json | grep -c '"number"' || true)
echo
echo "Directory sync: $PEOPLE people in slapd $("$SLAPD" -VV 2>&1 | awk 'NR == 1 { print $4 }') on loopback, database $DB_LABEL"
echo "($extensions extensions after the runs; sync time = the sync's own duration, wall = the CLI command with JVM start)"
echo
printf "%-18s %-6s %7s %6s %8s %8s %10s %12s %10s\n" run result people pages created updated unchanged "sync s" "wall s"
for row in "${ROWS[@]}"; do echo "$row"; done
FAILED=false

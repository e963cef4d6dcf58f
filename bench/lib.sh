# Shared helpers of bench/calls.sh and bench/messages.sh (sourced, not run).
#
# The helpers come from bench/register.sh (which still carries its own copy): a work
# directory removed on exit, a server on a free loopback port with a fresh database
# (embedded H2, or a MariaDB schema dropped at exit), CPU and heap readings, and sipp runs
# with a time limit. A script sets ROOT, JAR, MARIADB, KEEP and SERVER_OPTS, then calls
# bench_init, bench_database, bench_start_server.
# shellcheck shell=bash

DOMAIN=palisade.local
MYSQL=(mysql -h 127.0.0.1 -P 3306 -u root --connect-timeout=5)
TEST_SIPP=$ROOT/server/src/test/resources/sipp # the scenarios the tests use (register, call_uas)
BENCH_SIPP=$ROOT/bench/sipp                     # the bench's own (hold time, MESSAGE)

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
now() { date +%s.%N; }

bench_require() { # bench_require TOOL...
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "$tool is needed and not installed" >&2; exit 1; }
    done
}

# ---------------------------------------------------------------- clean-up, whatever happens
WORK=""
SERVER_PID=""
SIPP_PID=""   # the sipp in the foreground of a step (UAC)
UAS_PID=""    # the sipp UAS in the background
SCHEMA=""
FAILED=true   # set to false at the very end; a failed run keeps its work directory
DB_PID=""

bench_init() { # bench_init NAME: work directory and traps
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/palisade-$1.XXXXXX")
    trap bench_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

stop_pid() { # stop_pid PID SECONDS: SIGTERM, then SIGKILL after SECONDS; reaps it
    local pid=$1 grace=$2
    [[ -n $pid ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 $((grace * 5))); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        if kill -0 "$pid" 2>/dev/null; then
            log "process $pid ignored SIGTERM for $grace s, killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
}

stop_server() {
    stop_pid "$SERVER_PID" 10
    SERVER_PID=""
}

bench_cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    [[ -z $SIPP_PID ]] || stop_pid "$SIPP_PID" 5
    [[ -z $UAS_PID ]] || stop_pid "$UAS_PID" 5
    stop_server
    if [[ -n $SCHEMA ]]; then
        timeout 30 "${MYSQL[@]}" -e "DROP DATABASE IF EXISTS \`$SCHEMA\`" || log "could not drop schema $SCHEMA"
    fi
    if [[ -n $WORK ]]; then
        if [[ $KEEP == true || $FAILED == true ]]; then
            log "work files (server log, sipp logs) kept in $WORK"
        else
            rm -rf "$WORK"
        fi
    fi
    exit "$rc"
}

# ---------------------------------------------------------------- measuring
free_port() { # a port free for both UDP and TCP on loopback, not handed out before by this script
    local p
    for _ in $(seq 1 200); do
        p=$((20000 + RANDOM % 30000))
        [[ " ${PORTS_TAKEN:-} " == *" $p "* ]] && continue
        if [[ -z $(ss -Hlnu "sport = :$p" 2>/dev/null) && -z $(ss -Hlnt "sport = :$p" 2>/dev/null) ]]; then
            PORTS_TAKEN="${PORTS_TAKEN:-} $p"
            echo "$p"
            return 0
        fi
    done
    echo "no free port found" >&2
    return 1
}

cpu_ticks() { # utime + stime of a process, in clock ticks
    awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

heap_info() { # "used committed" heap of the server JVM in MB, or "? ?"
    local info
    if info=$(timeout 20 jcmd "$SERVER_PID" GC.heap_info 2>/dev/null) &&
        [[ $info =~ total\ ([0-9]+)K,\ used\ ([0-9]+)K ]]; then
        echo "$((BASH_REMATCH[2] / 1024)) $((BASH_REMATCH[1] / 1024))"
    else
        echo "? ?"
    fi
}

heap_mb() { # "used/live/committed" MB: used as the step left it, live after a full GC
    local used committed live _
    read -r used _ < <(heap_info)
    timeout 60 jcmd "$SERVER_PID" GC.run >/dev/null 2>&1 || true
    read -r live committed < <(heap_info)
    echo "$used/$live/$committed"
}

db_ticks() { # the MariaDB server's CPU ticks (empty with the embedded database)
    [[ -n $DB_PID && -r /proc/$DB_PID/stat ]] && cpu_ticks "$DB_PID" || true
}

# children_cpu VAR: CPU seconds used so far by this shell's finished (reaped) children,
# sipp mostly, into VAR; `times` must run in this shell, not in a $(...) subshell
children_cpu() {
    times >"$WORK/times.txt"
    printf -v "$1" '%s' "$(awk 'NR == 2 { s = 0
        for (i = 1; i <= NF; i++) { v = $i; sub(/s$/, "", v); split(v, ms, "m"); s += ms[1] * 60 + ms[2] } print s }' "$WORK/times.txt")"
}

# ---------------------------------------------------------------- build, database, server
palisade() { # the CLI, on the same database as the server
    timeout 600 java -jar "$JAR" "$@" "${DB_ARGS[@]}" --domain "$DOMAIN"
}

bench_build() {
    if [[ ! -f $JAR ]]; then
        log "building $JAR"
        (cd "$ROOT" && { timeout 1200 mvn -q -o -DskipTests package || timeout 1200 mvn -q -DskipTests package; })
        [[ -f $JAR ]] || { echo "the build did not produce $JAR" >&2; exit 1; }
    fi
}

bench_database() { # sets DB_ARGS, DB_LABEL, SCHEMA, DB_PID
    if [[ $MARIADB == true ]]; then
        command -v mysql >/dev/null || { echo "--mariadb needs the mysql client" >&2; exit 1; }
        SCHEMA="palisade_bench_$$_$RANDOM"
        timeout 30 "${MYSQL[@]}" -e "CREATE DATABASE \`$SCHEMA\` CHARACTER SET utf8mb4" ||
            { SCHEMA=""; echo "cannot create a schema on MariaDB 127.0.0.1:3306 as root" >&2; exit 1; }
        DB_ARGS=(--db-url "jdbc:mariadb://127.0.0.1:3306/$SCHEMA" --db-user root)
        DB_LABEL="MariaDB 127.0.0.1:3306/$SCHEMA"
        DB_PID=$(pidof -s mariadbd || pidof -s mysqld || true)
    else
        mkdir -p "$WORK/data"
        DB_ARGS=(--data-dir "$WORK/data")
        DB_LABEL="embedded ($WORK/data)"
    fi
}

bench_start_server() { # sets PORT, SERVER_PID, SERVER_LOG
    PORT=$(free_port)
    SERVER_LOG=$WORK/server.log
    log "starting Palisade on 127.0.0.1:$PORT"
    java -jar "$JAR" serve "${DB_ARGS[@]}" --domain "$DOMAIN" --sip-address 127.0.0.1 --sip-port "$PORT" \
        "${SERVER_OPTS[@]}" >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!
    local deadline=$((SECONDS + 90))
    until grep -q "Palisade serving domain" "$SERVER_LOG" 2>/dev/null &&
        [[ -n $(ss -Hlnu "sport = :$PORT" 2>/dev/null) ]]; do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "Palisade exited during start-up:" >&2; tail -n 30 "$SERVER_LOG" >&2; exit 1
        fi
        if ((SECONDS > deadline)); then
            echo "Palisade did not start within 90 s:" >&2; tail -n 30 "$SERVER_LOG" >&2; exit 1
        fi
        if grep -qiE "^error:|Address already in use" "$SERVER_LOG"; then
            echo "Palisade failed to start:" >&2; tail -n 30 "$SERVER_LOG" >&2; exit 1
        fi
        sleep 0.5
    done
}

server_alive() { # server_alive WHAT: exits with the server's last log lines if it died
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "Palisade died $1:" >&2; tail -n 30 "$SERVER_LOG" >&2; exit 1
    fi
}

server_errors() { grep -c " ERROR " "$SERVER_LOG" || true; }

# ---------------------------------------------------------------- sipp
# sipp_cmd SCENARIO NAME LOCALPORT [sipp options...]: prints nothing, fills the array SIPP_CMD
# with a sipp command line that writes $WORK/NAME.{stat.csv,err.log,screen.log,out}
sipp_cmd() {
    local scenario=$1 name=$2 lport=$3
    shift 3
    rm -f "$WORK/$name".*
    SIPP_CMD=(sipp -sf "$scenario" 127.0.0.1:"$PORT" -i 127.0.0.1 -p "$lport" -t u1 -nostdin
        -auth_uri "$DOMAIN" -cid_str "%u-%p-$name@%s" -recv_timeout 10000
        -buff_size 4194304 -default_behaviors all,-bye
        -trace_stat -stf "$WORK/$name.stat.csv" -fd 1
        -trace_err -error_file "$WORK/$name.err.log"
        -trace_screen -screen_file "$WORK/$name.screen.log" "$@")
}

# run_sipp SCENARIO NAME LOCALPORT INJECTION CALLS RATE LIMIT [sipp options...]: in the
# foreground (but interruptible), with a time limit: twice the time the calls should need,
# plus the time for a lost call to fail; returns sipp's exit code
run_sipp() {
    local scenario=$1 name=$2 lport=$3 inf=$4 calls=$5 rate=$6 limit=$7
    shift 7
    local budget=$((calls * 2 / rate + 60))
    sipp_cmd "$scenario" "$name" "$lport" -inf "$inf" -m "$calls" -r "$rate" -rp 1000 -l "$limit" \
        -timeout "${budget}s" "$@"
    local rc=0
    timeout -k 10 $((budget + 30)) "${SIPP_CMD[@]}" </dev/null >"$WORK/$name.out" 2>&1 &
    SIPP_PID=$!
    wait "$SIPP_PID" || rc=$?
    SIPP_PID=""
    return "$rc"
}

# start_uas SCENARIO NAME LOCALPORT [sipp options...]: a sipp UAS in the background on the
# port its extension registered from; answers until stop_uas (at most an hour)
start_uas() {
    local scenario=$1 name=$2 lport=$3
    shift 3
    sipp_cmd "$scenario" "$name" "$lport" -l 10000 -timeout 3600s "$@"
    "${SIPP_CMD[@]}" </dev/null >"$WORK/$name.out" 2>&1 &
    UAS_PID=$!
    # wait until it listens (or died: then the step shows every call failed, and the log why)
    for _ in $(seq 1 50); do
        [[ -n $(ss -Hlnu "sport = :$lport" 2>/dev/null) ]] && break
        kill -0 "$UAS_PID" 2>/dev/null || break
        sleep 0.1
    done
}

# stop_uas: SIGUSR1 is sipp's "q": no new calls, exit when the open ones are over; sipp gets
# 10 s for that (a call still waiting for its ACK or BYE), then SIGTERM. Returns its exit code.
stop_uas() {
    local rc=0
    [[ -n $UAS_PID ]] || return 0
    kill -USR1 "$UAS_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
        kill -0 "$UAS_PID" 2>/dev/null || break
        sleep 0.2
    done
    if kill -0 "$UAS_PID" 2>/dev/null; then
        log "sipp UAS still had calls open 10 s after the UAC finished; stopping it"
        kill -TERM "$UAS_PID" 2>/dev/null || true
        sleep 1
        kill -KILL "$UAS_PID" 2>/dev/null || true
    fi
    wait "$UAS_PID" || rc=$?
    UAS_PID=""
    return "$rc"
}

# stat_value NAME COLUMN: the column of the last line of sipp's statistics file
stat_value() {
    awk -F';' -v col="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
        { last = $c } END { print (c && last != "") ? last : "" }' "$WORK/$1.stat.csv" 2>/dev/null
}

# seconds from the first call to the last statistics line: StartTime and CurrentTime are
# "date<TAB>time<TAB>epoch.micros" (ElapsedTime(C) only has whole seconds)
elapsed_s() {
    local start current
    start=$(stat_value "$1" "StartTime" | awk -F'\t' '{ print $NF }')
    current=$(stat_value "$1" "CurrentTime" | awk -F'\t' '{ print $NF }')
    [[ -n $start && -n $current ]] || return 0
    awk -v a="$start" -v b="$current" 'BEGIN { if (b > a) printf "%.3f", b - a }'
}

# smoke_failed NAME WHAT: explains a failed smoke test and exits
smoke_failed() {
    echo "$2 failed; sipp said:" >&2
    if [[ -s $WORK/$1.err.log ]]; then tail -n 20 "$WORK/$1.err.log" >&2; else tail -n 20 "$WORK/$1.out" >&2; fi
    if grep -q "authentication must use MD5" "$WORK/$1.err.log" "$WORK/$1.out" 2>/dev/null; then
        cat >&2 <<'EOF'

SIPp 3.6.1 answers MD5 digest challenges only, and it reads the algorithm of the FIRST
Proxy-/WWW-Authenticate header. This server listed another algorithm first, so sipp gave
up before sending credentials. The bench passes -D auth.algorithms=MD5,SHA-256; a server
that ignores that setting (or an -D option that overrides it) cannot be measured with
this sipp. See bench/README.md.
EOF
    fi
    exit 1
}

# register_from LOCALPORT NUMBER PASSWORD: registers the extension from that port (Expires
# 3600, longer than any run), so Palisade sends its calls and messages there
register_from() {
    local lport=$1 number=$2 pw=$3
    printf 'SEQUENTIAL\n%s;%s;[authentication username=%s password=%s];3600\n' "$number" "$pw" "$number" "$pw" \
        >"$WORK/users-$number.csv"
    log "registering $number from 127.0.0.1:$lport"
    run_sipp "$TEST_SIPP/register.xml" "register-$number" "$lport" "$WORK/users-$number.csv" 1 10 10 ||
        smoke_failed "register-$number" "registering $number"
}

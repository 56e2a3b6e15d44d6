#!/usr/bin/env bash
# ACME benchmark: complete RFC 8555 flows (account once per client, then newOrder, http-01 against one in-process
# responder, finalize with a fresh P-256 key, download) from many concurrent clients over loopback, against Sigil on
# MariaDB (every certificate and ACME object committed, innodb_flush_log_at_trx_commit as the server has it) and
# against Debian's pebble (in memory, PEBBLE_VA_NOSLEEP=1), with the same generator in one run:
# service/src/test/java/dev/sigil/service/bench/AcmeLoad.java (acme4j 3.5.1, one HTTPS keep-alive connection per
# client). pebble-challtestsrv is both servers' DNS: it answers every A query with 127.0.0.1, so each server dials the
# responder on 127.0.0.1:$HTTP01_PORT for http-01.
#
#   bench/acme.sh                                  # 32 clients, 20 s warm-up, 30 s measured, Sigil then pebble
#   CLIENTS=64 SECONDS_MEASURED=60 WARMUP=45 bench/acme.sh
#   TARGETS=pebble bench/acme.sh                   # one target only (TARGETS=sigil likewise)
# Reports per target: orders/s, p50/p99 latency (newOrder to certificate downloaded), the target's CPU per certificate
# (cpu=, user + system of the process, all threads, over the measured window), MariaDB's (db_cpu=, Sigil only), and
# the generator's own CPU per order (generator_cpu=, acme4j clients and the responder). Sigil runs with its defaults
# (bin/sigil-server) except its ACME rate limits, raised because every client comes from 127.0.0.1.
#
# Needs: MariaDB on 127.0.0.1:3306 (root, no password) and Debian's pebble package (pebble, pebble-challtestsrv;
# installed if missing). Loopback only; every loop is bounded by the measured duration (orders time out after 60 s).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. bin/jdk.sh
sigil_select_jdk
CLIENTS=${CLIENTS:-32}
MEASURE=${SECONDS_MEASURED:-30}
WARMUP=${WARMUP:-20}
TARGETS=${TARGETS:-sigil pebble}
DB=${BENCH_DB:-sigil_bench}
DNS_PORT=${DNS_PORT:-18053}          # pebble-challtestsrv DNS (UDP and TCP)
DNS_MGMT_PORT=${DNS_MGMT_PORT:-18055}
HTTP01_PORT=${HTTP01_PORT:-15002}    # the generator's http-01 responder
work=$(mktemp -d /tmp/sigil-acme-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

command -v pebble >/dev/null && command -v pebble-challtestsrv >/dev/null \
  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pebble >/dev/null; }

echo "== building" >&2
./mvnw -q -B -pl service -am package -DskipTests
./mvnw -q -B -pl service -am test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp" -Dmdep.includeScope=test
gen_cp="service/target/test-classes:service/target/classes:$(cat "$work/cp")"

# wait_for URL [CA_FILE]
wait_for() {
  for _ in $(seq 1 120); do curl -fsS -o /dev/null ${2:+--cacert "$2"} "$1" 2>/dev/null && return 0; sleep 0.5; done
  echo "timeout waiting for $1" >&2; return 1
}
# load TARGET DIRECTORY_URL CA_CERT [generator options...]: runs the generator against the process in TARGET_PID
load() {
  local target=$1 url=$2 ca=$3; shift 3
  local gen_status=0
  "$JAVA_HOME/bin/java" -cp "$gen_cp" dev.sigil.service.bench.AcmeLoad --target "$target" --directory "$url" \
    --ca-cert "$ca" --http01-port "$HTTP01_PORT" --clients "$CLIENTS" --seconds "$MEASURE" --warmup "$WARMUP" \
    --target-pid "$TARGET_PID" --clk-tck "$(getconf CLK_TCK)" "$@" 2>"$work/$target-generator.log" || gen_status=$?
  grep -E '^(error|registered|http-01)' "$work/$target-generator.log" | head -5 >&2 || true
  return $gen_status
}

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\t: //p' /proc/cpuinfo | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "== pebble $(dpkg-query -W -f='${Version}' pebble 2>/dev/null || echo '?'), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)" >&2

# DNS for both servers: every A query answers 127.0.0.1; AAAA answers nothing, so nobody dials ::1.
pebble-challtestsrv -dns01 "127.0.0.1:$DNS_PORT" -http01 "" -https01 "" -tlsalpn01 "" \
  -management "127.0.0.1:$DNS_MGMT_PORT" -defaultIPv4 127.0.0.1 -defaultIPv6 "" >"$work/challtestsrv.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do (exec 3<>"/dev/tcp/127.0.0.1/$DNS_MGMT_PORT") 2>/dev/null && break; sleep 0.5; done

if [[ " $TARGETS " == *" sigil "* ]]; then
  echo "== MariaDB: $(mysql -uroot -h127.0.0.1 -Nse "select concat(version(), ', innodb_flush_log_at_trx_commit=', @@innodb_flush_log_at_trx_commit)")" >&2
  mysql -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB"
  db_pid=$(pgrep -o -x mariadbd || pgrep -o -x mysqld || true)
  echo "== Sigil (MariaDB $DB)" >&2
  SIGIL_DATA_DIR="$work/data" SIGIL_DB_URL="jdbc:mariadb://127.0.0.1:3306/$DB" SIGIL_DB_USER=root \
  SIGIL_SERVER_HOST=127.0.0.1 SIGIL_SERVER_HTTPS_PORT=18443 SIGIL_SERVER_HTTP_PORT=18080 SIGIL_SERVER_OBSERVE_PORT=19090 \
  SIGIL_ACME_VALIDATION_DNS_RESOLVER="127.0.0.1:$DNS_PORT" SIGIL_ACME_VALIDATION_HTTP_PORT="$HTTP01_PORT" \
  SIGIL_ACME_RATE_LIMITS_NEW_ACCOUNTS_PER_IP=1000000/1m SIGIL_ACME_RATE_LIMITS_NEW_ORDERS_PER_IP=1000000/1m \
  SIGIL_ACME_RATE_LIMITS_NEW_ORDERS_PER_ACCOUNT=1000000/1m \
    bin/sigil-server >"$work/sigil.log" 2>&1 &
  pids+=($!)
  TARGET_PID=$!
  wait_for http://127.0.0.1:19090/health
  wait_for https://localhost:18443/acme/default/directory "$work/data/ca/root.pem"
  before=$(mysql -uroot -h127.0.0.1 -Nse "select count(*) from $DB.certificates")
  load sigil https://localhost:18443/acme/default/directory "$work/data/ca/root.pem" ${db_pid:+--db-pid "$db_pid"} \
    | tee "$work/sigil.txt"
  after=$(mysql -uroot -h127.0.0.1 -Nse "select count(*) from $DB.certificates")
  echo "   certificates committed to MariaDB during the run (incl. warm-up): $((after - before))"
  kill "$TARGET_PID"; wait "$TARGET_PID" 2>/dev/null || true
fi

if [[ " $TARGETS " == *" pebble "* ]]; then
  echo "== pebble (in memory, PEBBLE_VA_NOSLEEP=1)" >&2
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 7 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$work/pebble-key.pem" -out "$work/pebble-cert.pem" 2>/dev/null
  cat >"$work/pebble.json" <<JSON
{"pebble": {"listenAddress": "127.0.0.1:14000", "managementListenAddress": "127.0.0.1:15000",
  "certificate": "$work/pebble-cert.pem", "privateKey": "$work/pebble-key.pem",
  "httpPort": $HTTP01_PORT, "tlsPort": 15001, "ocspResponderURL": "", "externalAccountBindingRequired": false}}
JSON
  # No random validation sleeps, no deliberately rejected nonces, no authorization reuse (every name is new anyway).
  PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 \
    pebble -config "$work/pebble.json" -dnsserver "127.0.0.1:$DNS_PORT" >"$work/pebble.log" 2>&1 &
  pids+=($!)
  TARGET_PID=$!
  wait_for https://localhost:14000/dir "$work/pebble-cert.pem"
  # --authz-gate: pebble 2.4 deadlocks when authorization fetches race its newOrder handler (see AuthzGate.java).
  load pebble https://localhost:14000/dir "$work/pebble-cert.pem" --authz-gate true | tee "$work/pebble.txt"
  echo "   certificates pebble issued during the run (incl. warm-up): $(grep -c 'Issued certificate serial' "$work/pebble.log")"
  kill "$TARGET_PID"; wait "$TARGET_PID" 2>/dev/null || true
fi
echo "== logs in $work" >&2

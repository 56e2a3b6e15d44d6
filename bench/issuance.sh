#!/usr/bin/env bash
# Direct-issuance benchmark: Sigil's admin API (HTTPS, ECDSA P-256 leaves, every certificate committed to MariaDB
# with innodb_flush_log_at_trx_commit as the server has it) against cfssl's in-memory `cfssl serve` sign endpoint,
# driven by the same load generator in one run: wrk with bench/issue.lua (default, DRIVER=wrk; lean C, so the
# generator takes little of the 2 cores) or the Java generator (DRIVER=java,
# service/src/test/java/dev/sigil/service/bench/IssuanceLoad.java). Both post the same pool of 256 distinct CSRs.
#
#   bench/issuance.sh                      # 64 clients, 30 s warm-up, 30 s measured, both targets
#   CLIENTS=128 SECONDS_MEASURED=60 bench/issuance.sh
#   TARGETS=sigil SIGIL_JAVA_OPTS=-XX:+UseG1GC bench/issuance.sh   # Sigil only, other JVM options
# Sigil is started with bin/sigil-server, so it runs with the launcher's default JVM options.
#
# Needs: MariaDB on 127.0.0.1:3306 (root, no password) and Debian's golang-cfssl (installed if missing).
# Loopback only; every loop is bounded by the measured duration.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. bin/jdk.sh
sigil_select_jdk
CLIENTS=${CLIENTS:-64}
MEASURE=${SECONDS_MEASURED:-30}
WARMUP=${WARMUP:-30}
DB=${BENCH_DB:-sigil_bench}
work=$(mktemp -d /tmp/sigil-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

DRIVER=${DRIVER:-wrk}
need=()
command -v cfssl >/dev/null || need+=(golang-cfssl)
[ "$DRIVER" = wrk ] && ! command -v wrk >/dev/null && need+=(wrk)
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; fi

echo "== building" >&2
./mvnw -q -B -pl service -am package -DskipTests
./mvnw -q -B -pl service -am test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp" -Dmdep.includeScope=test
gen_cp="service/target/test-classes:service/target/classes:$(cat "$work/cp")"
# load TARGET URL [TOKEN_FILE CA_CERT]
load() {
  local target=$1 url=$2
  if [ "$DRIVER" = java ]; then
    local extra=()
    [ "$target" = sigil ] && extra=(--token-file "$3" --ca-cert "$4")
    "$JAVA_HOME/bin/java" -cp "$gen_cp" dev.sigil.service.bench.IssuanceLoad --target "$target" --url "$url" \
      --clients "$CLIENTS" --seconds "$MEASURE" --warmup "$WARMUP" "${extra[@]}"
    return
  fi
  local path=/api/v1/certificates token=""
  [ "$target" = cfssl ] && path=/api/v1/cfssl/sign
  [ "$target" = sigil ] && token=$(cat "$3")
  "$JAVA_HOME/bin/java" -cp "$gen_cp" dev.sigil.service.bench.IssuanceLoad --target "$target" --emit-bodies "$work/$target.bodies"
  BODIES="$work/$target.bodies" TOKEN="$token" wrk -t2 -c"$CLIENTS" -d"${WARMUP}s" -s bench/issue.lua "$url$path" >/dev/null
  echo -n "target=$target driver=wrk clients=$CLIENTS measured=${MEASURE}s "
  local cpu0 out
  cpu0=$(cpu_ms "$TARGET_PID")
  out=$(BODIES="$work/$target.bodies" TOKEN="$token" wrk -t2 -c"$CLIENTS" -d"${MEASURE}s" --timeout 30s -s bench/issue.lua "$url$path" | tail -1)
  echo -n "$out"
  # CPU the target process spent per request in the measured window (user + system, all threads incl. GC and JIT)
  echo "$out" | awk -v cpu="$(( $(cpu_ms "$TARGET_PID") - cpu0 ))" '{ for (i = 1; i <= NF; i++) if ($i ~ /^requests=/) { split($i, a, "="); n = a[2] } }
    END { if (n > 0) printf " cpu=%.2fms/cert\n", cpu / n; else print "" }'
}
# cpu_ms PID: user+system CPU time of a process so far, in milliseconds
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }
wait_for() { for _ in $(seq 1 120); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done; echo "timeout waiting for $1" >&2; return 1; }

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\t: //p' /proc/cpuinfo | head -1)" >&2
echo "== MariaDB: $(mysql -uroot -h127.0.0.1 -Nse "select concat(version(), ', innodb_flush_log_at_trx_commit=', @@innodb_flush_log_at_trx_commit)")" >&2
mysql -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB"

echo "== Sigil (MariaDB $DB)" >&2
SIGIL_DATA_DIR="$work/data" SIGIL_DB_URL="jdbc:mariadb://127.0.0.1:3306/$DB" SIGIL_DB_USER=root \
SIGIL_SERVER_HOST=127.0.0.1 SIGIL_SERVER_HTTPS_PORT=18443 SIGIL_SERVER_HTTP_PORT=18080 SIGIL_SERVER_OBSERVE_PORT=19090 \
  bin/sigil-server >"$work/sigil.log" 2>&1 &
pids+=($!)
TARGET_PID=$!
wait_for http://127.0.0.1:19090/health
before=$(mysql -uroot -h127.0.0.1 -Nse "select count(*) from $DB.certificates")
load sigil https://localhost:18443 "$work/data/admin-token" "$work/data/ca/root.pem" | tee "$work/sigil.txt"
after=$(mysql -uroot -h127.0.0.1 -Nse "select count(*) from $DB.certificates")
echo "   certificates committed to MariaDB during the run (incl. warm-up): $((after - before))"
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true

[ "${TARGETS:-sigil cfssl}" = sigil ] && exit 0
echo "== cfssl serve (in memory, plain HTTP)" >&2
(cd "$work" && echo '{"CN":"Bench CA","key":{"algo":"ecdsa","size":256}}' | cfssl gencert -initca - 2>/dev/null | cfssljson -bare ca)
cat >"$work/cfssl.json" <<'JSON'
{"signing":{"default":{"expiry":"720h","usages":["digital signature","server auth"]}}}
JSON
cfssl serve -address 127.0.0.1 -port 18888 -ca "$work/ca.pem" -ca-key "$work/ca-key.pem" -config "$work/cfssl.json" \
  >"$work/cfssl.log" 2>&1 &
pids+=($!)
TARGET_PID=$!
for _ in $(seq 1 60); do (exec 3<>/dev/tcp/127.0.0.1/18888) 2>/dev/null && break; sleep 0.5; done
load cfssl http://127.0.0.1:18888 | tee "$work/cfssl.txt"
echo "== logs in $work" >&2

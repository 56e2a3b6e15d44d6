#!/usr/bin/env bash
# CRL benchmark: one issuer with ENTRIES (default 1,000,000) revoked certificates in MariaDB.
#  1. Revoke latency: Sigil (bin/sigil-server) revokes REVOKES fresh certificates through the admin API, CLIENTS at a
#     time, while the scheduler publishes a delta CRL after each revocation window (and the 1M-entry full CRL when
#     one is due; publication is off the request path; the 1M revocations are stamped a day back, as accumulated ones would be, so that new ones go to
#     delta CRLs). Reports p50/p99 of the revoke call (service/src/test/java/dev/sigil/service/bench/RevokeLoad.java).
#  2. CRL generation: a separate JVM with -Xmx256m publishes the issuer's full CRL as the scheduler does and
#     reports database-to-signed-DER time, store time and peak heap (CrlBench.java). With the heap capped at
#     256 MB, finishing at all shows the CRL is streamed rather than built in memory.
#
#   bench/crl.sh                     # 1,000,000 entries, 2,000 revocations by 4 clients
#   ENTRIES=100000 bench/crl.sh
# Needs MariaDB on 127.0.0.1:3306 (root, no password). Loopback only; every loop is bounded.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. bin/jdk.sh
sigil_select_jdk
ENTRIES=${ENTRIES:-1000000}
REVOKES=${REVOKES:-2000}
CLIENTS=${CLIENTS:-4}
DB=${BENCH_DB:-sigil_bench_crl}
work=$(mktemp -d /tmp/sigil-crl-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_for() { for _ in $(seq 1 120); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done; echo "timeout waiting for $1" >&2; return 1; }

echo "== building" >&2
./mvnw -q -B -pl service -am package -DskipTests
./mvnw -q -B -pl service -am test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp" -Dmdep.includeScope=test
cp_all="service/target/test-classes:service/target/classes:$(cat "$work/cp")"

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\t: //p' /proc/cpuinfo | head -1)"
echo "== MariaDB: $(mysql -uroot -h127.0.0.1 -Nse "select version()")"
mysql -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB"

start_sigil() {
  SIGIL_DATA_DIR="$work/data" SIGIL_DB_URL="jdbc:mariadb://127.0.0.1:3306/$DB" SIGIL_DB_USER=root \
  SIGIL_SERVER_HOST=127.0.0.1 SIGIL_SERVER_HTTPS_PORT=18443 SIGIL_SERVER_HTTP_PORT=18080 SIGIL_SERVER_OBSERVE_PORT=19090 \
  SIGIL_SERVER_PUBLIC_URL=http://localhost:18080 \
    bin/sigil-server >>"$work/sigil.log" 2>&1 &
  pids+=($!)
  SIGIL_PID=$!
  wait_for http://127.0.0.1:19090/health
}

echo "== Sigil creates its CA and schema" >&2
start_sigil
issuer=$(mysql -uroot -h127.0.0.1 -Nse "select id from $DB.issuers where kind='INTERMEDIATE'")
kill "$SIGIL_PID"; wait "$SIGIL_PID" 2>/dev/null || true

echo "== inserting $ENTRIES revoked certificates of $issuer (SQL, sequence engine)" >&2
t0=$(date +%s)
mysql -uroot -h127.0.0.1 "$DB" <<SQL
SET @now = UNIX_TIMESTAMP(NOW(6)) * 1000000;
INSERT INTO certificates (issuer_id, serial, subject_dn, key_type, not_before, not_after, status, revoked_at,
    revocation_reason, owner, label, profile, der, issued_at, requested_by)
SELECT '$issuer', LOWER(HEX(seq + 1099511627776)), CONCAT('CN=bench-', seq), 'EC_P256', @now - 86400000000,
    @now + 30 * 86400000000, 'REVOKED', @now - 86400000000 - seq, 1 + seq % 5, 'bench', NULL, 'server', x'00', @now - 86400000000, 'bench'
FROM seq_1_to_$ENTRIES;
INSERT INTO revocations (issuer_id, serial, revoked_at, reason_code, invalidity_date, revoked_by, cert_not_after)
SELECT issuer_id, serial, revoked_at, revocation_reason, IF(revocation_reason = 1, revoked_at - 3600000000, NULL), 'bench', not_after
FROM certificates WHERE issuer_id = '$issuer' AND requested_by = 'bench';
SQL
echo "   inserted in $(( $(date +%s) - t0 )) s" >&2

echo "== revoke latency with $ENTRIES entries present ($REVOKES revocations, $CLIENTS clients; a delta CRL after each 5 s window)"
start_sigil
"$JAVA_HOME/bin/java" -cp "$cp_all" dev.sigil.service.bench.RevokeLoad --url https://localhost:18443 \
  --token-file "$work/data/admin-token" --ca-cert "$work/data/ca/root.pem" --count "$REVOKES" --clients "$CLIENTS"
sleep 8 # let the last republication finish
{ grep -o 'published CRL [0-9]* of [^:]*: [0-9,]* entries, [0-9,]* bytes, [0-9,]* ms' "$work/sigil.log" || true; } | tail -3 | sed 's/^/   sigil log: /'
kill "$SIGIL_PID"; wait "$SIGIL_PID" 2>/dev/null || true

echo "== CRL generation in a JVM with -Xmx256m"
"$JAVA_HOME/bin/java" -Xmx256m -XX:+UseParallelGC -cp "$cp_all" dev.sigil.service.bench.CrlBench "$work/data" \
  "jdbc:mariadb://127.0.0.1:3306/$DB" 3

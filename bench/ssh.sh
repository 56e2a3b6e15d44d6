#!/usr/bin/env bash
# SSH benchmark (issue 5), against Sigil started with bin/sigil-server on a fresh MariaDB database:
#  1. Signing throughput: wrk (bench/issue.lua) POSTs /api/v1/ssh/certificates over HTTPS with a pool of KEYS
#     distinct Ed25519 public keys (user certificates, Ed25519 CA, one principal, default extensions). Every
#     certificate is committed to MariaDB with its audit record before its response; the script counts the rows.
#  2. KRL generation: REVOKED (default 100,000) certificates of the user CA marked revoked in SQL, the KRL version
#     raised, then GET /ssh/revoked_keys.krl timed: the first fetch reads the revocations from MariaDB and encodes
#     the KRL, the second is served from memory, three more follow a new version each (rebuilt, code warm). ssh-keygen -Q checks one revoked and one valid certificate
#     against the KRL fetched.
#
#   bench/ssh.sh                        # 64 connections, 20 s warm-up, 30 s measured, 100,000 revoked
#   CLIENTS=128 SECONDS_MEASURED=60 bench/ssh.sh
#   TUNE_MARIADB=1 bench/ssh.sh         # InnoDB buffer pool and redo log sized for the run, restored at exit
# Needs MariaDB on 127.0.0.1:3306 (root, no password), ssh-keygen and wrk (installed if missing). Loopback only.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. bin/jdk.sh
sigil_select_jdk
CLIENTS=${CLIENTS:-64}
WARMUP=${WARMUP:-20}
MEASURE=${SECONDS_MEASURED:-30}
KEYS=${KEYS:-256}
REVOKED=${REVOKED:-100000}
DB=${BENCH_DB:-sigil_bench_ssh}
work=$(mktemp -d /tmp/sigil-ssh-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
wait_for() { for _ in $(seq 1 120); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done; echo "timeout waiting for $1" >&2; return 1; }
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }
sql() { mysql -uroot -h127.0.0.1 -Nse "$1" "$DB"; }

echo "== building" >&2
./mvnw -q -B -pl service -am package -DskipTests
echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\t: //p' /proc/cpuinfo | head -1)"
# TUNE_MARIADB=1 sizes the InnoDB buffer pool (2 GiB) and redo log (1 GiB) for the run, as a production server would
# be, and puts the previous values back at exit. With the Debian defaults (128 MiB, 96 MiB) the secondary-index
# pages of a growing inventory are evicted and re-read and checkpoints flush constantly: the run is I/O-bound.
if [ "${TUNE_MARIADB:-0}" = 1 ]; then
  old_pool=$(mysql -uroot -h127.0.0.1 -Nse "select @@innodb_buffer_pool_size")
  old_log=$(mysql -uroot -h127.0.0.1 -Nse "select @@innodb_log_file_size")
  restore_mariadb() { mysql -uroot -h127.0.0.1 -e "SET GLOBAL innodb_buffer_pool_size=$old_pool; SET GLOBAL innodb_log_file_size=$old_log" || true; }
  trap 'cleanup; restore_mariadb' EXIT
  mysql -uroot -h127.0.0.1 -e "SET GLOBAL innodb_buffer_pool_size=2147483648; SET GLOBAL innodb_log_file_size=1073741824"
  sleep 5
fi
echo "== MariaDB: $(mysql -uroot -h127.0.0.1 -Nse "select concat(version(), ', innodb_flush_log_at_trx_commit=', @@innodb_flush_log_at_trx_commit, ', innodb_buffer_pool_size=', @@innodb_buffer_pool_size DIV 1048576, ' MiB, innodb_log_file_size=', @@innodb_log_file_size DIV 1048576, ' MiB')")"
mysql -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB"

SIGIL_DATA_DIR="$work/data" SIGIL_DB_URL="jdbc:mariadb://127.0.0.1:3306/$DB" SIGIL_DB_USER=root \
SIGIL_SERVER_HOST=127.0.0.1 SIGIL_SERVER_HTTPS_PORT=18443 SIGIL_SERVER_HTTP_PORT=18080 SIGIL_SERVER_OBSERVE_PORT=19090 \
SIGIL_SERVER_PUBLIC_URL=http://localhost:18080 SIGIL_SSH_USER_PRINCIPALS='bench-*' \
  SIGIL_SERVER_MAX_REQUESTS_PER_CLIENT=0 \
  bin/sigil-server >"$work/sigil.log" 2>&1 &
pids+=($!)
SIGIL_PID=$!
wait_for http://127.0.0.1:19090/health
token=$(cat "$work/data/admin-token")

echo "== $KEYS Ed25519 public keys" >&2
: >"$work/bodies"
for i in $(seq 1 "$KEYS"); do
  ssh-keygen -q -t ed25519 -N '' -C "bench-$i" -f "$work/k$i" </dev/null
  printf '{"publicKey":"%s","type":"user","principals":["bench-%d"],"ttl":"1h"}\n' "$(cat "$work/k$i.pub")" "$i" >>"$work/bodies"
done

echo "== signing through the API: $CLIENTS connections, ${WARMUP}s warm-up, ${MEASURE}s measured"
BODIES="$work/bodies" TOKEN="$token" wrk -t2 -c"$CLIENTS" -d"${WARMUP}s" -s bench/issue.lua \
  https://127.0.0.1:18443/api/v1/ssh/certificates >/dev/null
before=$(sql "select count(*) from ssh_certificates")
db_pid=$(pidof mariadbd || pidof mysqld || true)
cpu0=$(cpu_ms "$SIGIL_PID")
db0=$([ -n "$db_pid" ] && cpu_ms "$db_pid" || echo 0)
out=$(BODIES="$work/bodies" TOKEN="$token" wrk -t2 -c"$CLIENTS" -d"${MEASURE}s" --timeout 30s -s bench/issue.lua \
  https://127.0.0.1:18443/api/v1/ssh/certificates | tail -1)
cpu=$(( $(cpu_ms "$SIGIL_PID") - cpu0 ))
db_cpu=$(( $([ -n "$db_pid" ] && cpu_ms "$db_pid" || echo 0) - db0 ))
after=$(sql "select count(*) from ssh_certificates")
committed=$((after - before))
echo "   $out"
echo "   SSH certificates committed to MariaDB in the measured window: $committed = $((committed / MEASURE))/s"
awk -v cpu="$cpu" -v db="$db_cpu" -v n="$committed" \
  'BEGIN { if (n > 0) printf "   sigil cpu=%.3fms/cert  mariadb cpu=%.3fms/cert\n", cpu / n, db / n }'
case $out in *" non2xx=0 errors=0 "*) ;; *) echo "error: some requests failed (see non2xx/errors above)" >&2; exit 1 ;; esac

echo "== KRL with $REVOKED revoked serials"
total=$(sql "select count(*) from ssh_certificates where ca_type = 'user'")
if [ "$total" -lt "$REVOKED" ]; then
  echo "   (only $total certificates signed; adding $((REVOKED - total)) copies of one row with fresh serials, SQL)" >&2
  sql "INSERT INTO ssh_certificates (serial, ca_type, ca_fingerprint, key_id, key_type, fingerprint, principals,
         valid_after, valid_before, status, issued_at, requested_by, certificate)
       SELECT 1000000000 + s.seq, c.ca_type, c.ca_fingerprint, c.key_id, c.key_type, c.fingerprint, c.principals,
         c.valid_after, c.valid_before, 'VALID', c.issued_at, 'bench', c.certificate
       FROM (SELECT * FROM ssh_certificates WHERE ca_type = 'user' LIMIT 1) c, seq_1_to_$((REVOKED - total)) s"
fi
# keep one signed certificate valid for the ssh-keygen check; revoke REVOKED others
keep=$(sql "select serial from ssh_certificates where requested_by <> 'bench' and ca_type = 'user' limit 1")
sql "UPDATE ssh_certificates SET status = 'REVOKED', revoked_at = 1 WHERE ca_type = 'user' AND serial <> $keep LIMIT $REVOKED;
     UPDATE ssh_krl_state SET version = version + 1, changed_at = UNIX_TIMESTAMP(NOW(6)) * 1000000 WHERE id = 1"
echo "   revoked in the database: $(sql "select count(*) from ssh_certificates where status = 'REVOKED'")"
fetch() { curl -fsS -o "$work/krl.$1" -w "   $2: %{time_total} s, %{size_download} bytes\n" http://127.0.0.1:18080/ssh/revoked_keys.krl; }
fetch first "first fetch (read from MariaDB, encode, first run of this code)"
fetch second "second fetch (served from memory)"
for i in 1 2 3; do
  sql "UPDATE ssh_krl_state SET version = version + 1 WHERE id = 1"
  fetch "again$i" "after a new version, rebuilt ($i)"
done
# ssh-keygen -Q: a revoked certificate and the one kept valid
cert_line="concat('ssh-ed25519-cert-v01@openssh.com ', replace(to_base64(certificate), '\\n', ''))"
sql "select $cert_line from ssh_certificates where serial = $keep" >"$work/kept-cert.pub"
sql "select $cert_line from ssh_certificates where status = 'REVOKED' and requested_by <> 'bench' limit 1" >"$work/revoked-cert.pub"
ssh-keygen -Q -f "$work/krl.first" "$work/kept-cert.pub" "$work/revoked-cert.pub" 2>&1 | sed "s|$work/||; s/^/   ssh-keygen -Q: /" || true
kill "$SIGIL_PID"; wait "$SIGIL_PID" 2>/dev/null || true
echo "== logs in $work" >&2

#!/bin/bash
# Container HEALTHCHECK: healthy only when GET /health on the observe listener answers 200
# (it answers 503 while the database or the CA keys are unavailable).
# The JRE base image has no curl or wget, and starting a JVM every 30 s would cost more than
# the check itself, so this speaks plain HTTP/1.1 over bash's /dev/tcp.
set -u
port="${SIGIL_SERVER_OBSERVE_PORT:-9090}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET /health HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$port" >&3
# Status line only, e.g. "HTTP/1.1 200 OK"; a server that never answers hits HEALTHCHECK --timeout.
IFS=' ' read -r _ status _ <&3 || exit 1
[ "$status" = "200" ]

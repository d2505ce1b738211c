#!/usr/bin/env bash
# Prepares what the tests need on this machine, so `npm test` works from a fresh clone:
# PostgreSQL on 127.0.0.1:5432 (started when installed and down) and Debian's chromium for the
# browser tests (installed with apt when missing and apt is usable). Each step says what it did;
# a step that cannot be done is reported, and the tests that need it say so when they run.
set -uo pipefail

if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "test-services: starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || echo "test-services: PostgreSQL did not start"
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
  fi
fi

if [ ! -x /usr/bin/chromium ] && [ -z "${HERALD_SKIP_BROWSER_INSTALL:-}" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "test-services: installing chromium (apt)"
    (apt-get install -y chromium >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y chromium >/dev/null 2>&1; }) || echo "test-services: chromium could not be installed"
  fi
fi
exit 0

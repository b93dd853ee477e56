#!/usr/bin/env bash
# Install everything the test suite needs, then run the whole suite:
#   - Debian's chromium (end-to-end browser tests), postgresql (the store on a database URL) and
#     omegat (tests/test_omegat.py runs OmegaT headless), when missing and we are root; the
#     PostgreSQL server is started for the run;
#   - a virtual environment .venv with the package and its test extras.
# Extra arguments go to pytest (e.g. ./run-tests.sh -k segment).
set -euo pipefail
cd "$(dirname "$0")"

start_postgres() {
  # a local PostgreSQL for tests/test_postgres.py; the suite still runs (that test skips) without it
  set +e
  local version
  version=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
  [ -n "$version" ] || return
  pg_lsclusters -h 2>/dev/null | grep -q "^$version main .* online" || pg_ctlcluster "$version" main start
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='workbench'\"" | grep -q 1 ||
    su postgres -c "psql -qc \"CREATE ROLE workbench LOGIN PASSWORD 'workbench' CREATEDB\""
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='workbench_test'\"" | grep -q 1 ||
    su postgres -c "createdb -O workbench workbench_test"
  export WORKBENCH_TEST_POSTGRES_URL="postgresql+psycopg://workbench:workbench@127.0.0.1:5432/workbench_test"
  set -e
}

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  need=""
  [ -x /usr/bin/chromium ] || need="$need chromium chromium-driver fonts-noto-cjk"
  command -v pg_ctlcluster >/dev/null || need="$need postgresql"
  [ -f /usr/share/omegat/OmegaT.jar ] || need="$need omegat"
  if [ -n "$need" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
  fi
  start_postgres
fi
python3 -m venv .venv
.venv/bin/python -m pip install -q -e ".[test]"
exec .venv/bin/python -m pytest "$@"

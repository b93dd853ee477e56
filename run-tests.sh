#!/usr/bin/env bash
# Install everything the test suite needs, then run the whole suite:
#   - Debian's chromium (end-to-end browser tests), postgresql (the store on a database URL) and
#     omegat (the CAT-tool round trip) and nodejs (the syntax check of the app's JavaScript), when
#     missing and we are root; the PostgreSQL server is
#     started for the run and stopped afterwards if this script started it;
#   - a virtual environment .venv with the package and its test extras.
# Extra arguments go to pytest (e.g. ./run-tests.sh -k segment). With WORKBENCH_LINT=1 (CI sets
# it), ruff and mypy run first and a finding fails the run.
set -euo pipefail
cd "$(dirname "$0")"

say() { echo "run-tests: $*"; }
started_postgres=""

start_postgres() {
  # a local PostgreSQL for the tests on a database URL; they skip (and say so) without one
  set +e
  local version
  version=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
  [ -n "$version" ] || { set -e; return; }
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$version main .* online"; then
    say "starting PostgreSQL $version"
    pg_ctlcluster "$version" main start && started_postgres="$version"
  fi
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='workbench'\"" | grep -q 1 ||
    su postgres -c "psql -qc \"CREATE ROLE workbench LOGIN PASSWORD 'workbench' CREATEDB\""
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='workbench_test'\"" | grep -q 1 ||
    su postgres -c "createdb -O workbench workbench_test"
  export WORKBENCH_TEST_POSTGRES_URL="postgresql+psycopg://workbench:workbench@127.0.0.1:5432/workbench_test"
  set -e
}

stop_postgres() {
  if [ -n "$started_postgres" ]; then
    say "stopping the PostgreSQL server this script started"
    pg_ctlcluster "$started_postgres" main stop || true
  fi
}
trap stop_postgres EXIT

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  need=""
  [ -x /usr/bin/chromium ] || need="$need chromium chromium-driver fonts-noto-cjk"
  command -v pg_ctlcluster >/dev/null || need="$need postgresql"
  [ -f /usr/share/omegat/OmegaT.jar ] || need="$need omegat"
  command -v node >/dev/null || need="$need nodejs"
  if [ -n "$need" ]; then
    say "installing Debian packages:$need"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
  fi
  start_postgres
fi
say "preparing the virtual environment .venv and installing the package with its test extras"
python3 -m venv .venv
.venv/bin/python -m pip install -q -e ".[test]"
if [ "${WORKBENCH_LINT:-}" = 1 ]; then
  say "ruff check"
  .venv/bin/ruff check workbench tests
  .venv/bin/ruff format --check workbench tests
  say "mypy on the service layer and the store"
  .venv/bin/mypy
fi
say "running the test suite"
set +e
.venv/bin/python -m pytest "$@"
rc=$?
exit $rc

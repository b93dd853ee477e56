#!/usr/bin/env bash
# Install everything the test suite needs, then run the whole suite:
#   - Debian's chromium (for the end-to-end browser tests), when missing and we are root;
#   - a virtual environment .venv with the package and its test extras.
# Extra arguments go to pytest (e.g. ./run-tests.sh -k segment).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
fi
python3 -m venv .venv
.venv/bin/python -m pip install -q -e ".[test]"
exec .venv/bin/python -m pytest "$@"

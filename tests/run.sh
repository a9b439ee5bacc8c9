#!/usr/bin/env bash
# The whole test suite, from a fresh clone on a fresh Debian machine: installs what is
# missing (Chromium + ChromeDriver, PostgreSQL, Redis, the Python packages), starts PostgreSQL on
# 127.0.0.1 with a throw-away test role and Redis on 127.0.0.1, runs ruff and the import-linter
# contract, then pytest. `.ci/run` runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== menginstal paket Debian: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "== menjalankan PostgreSQL di 127.0.0.1:5432"
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    $SUDO pg_createcluster "$version" main >/dev/null
  fi
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi

# A local, loopback-only role for the tests; its password is not a secret of any deployment.
$SUDO runuser -u postgres -- psql -q -d postgres -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'iks_test') THEN
    CREATE ROLE iks_test LOGIN SUPERUSER PASSWORD 'iks_test';
  END IF;
END $$;
SQL
export TEST_POSTGRES_URL="postgresql+psycopg://iks_test:iks_test@127.0.0.1:5432/postgres"

# Redis for the tests of the shared result cache (tests/test_cache.py): on loopback only, kept in
# memory (nothing saved to disk); a Redis already answering there is used as it is
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "== menjalankan Redis di 127.0.0.1:6379"
  redis-server --bind 127.0.0.1 --port 6379 --protected-mode yes --save "" --appendonly no \
    --daemonize yes --dir "${TMPDIR:-/tmp}" --logfile "${TMPDIR:-/tmp}/redis-uji.log"
  for _ in $(seq 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
export TEST_REDIS_URL="redis://127.0.0.1:6379/15"  # database 15: the tests' keys, apart from an app's
export REQUIRE_POSTGRES=1 REQUIRE_BROWSER=1 REQUIRE_REDIS=1

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt

# lint first: ruff's rule set is in ruff.toml, the layers contract in .importlinter
echo "== ruff check"
.venv/bin/ruff check .
echo "== lint-imports"
if ! layers=$(.venv/bin/lint-imports --no-cache 2>&1); then echo "$layers"; exit 1; fi
echo "$layers" | grep -E "^(Layers|No import|Contracts)"

exec .venv/bin/python -m pytest "$@"

"""Fixtures shared by every app's tests: real Redis, real PostgreSQL, strict mode.

Under CI=true (or THOR_STRICT=1) a test that needs PostgreSQL or Redis and
cannot reach it fails instead of being skipped, so a green CI run always
means the real services were exercised.
"""
import os
import uuid

import pytest

STRICT = os.environ.get("CI", "").lower() == "true" or os.environ.get("THOR_STRICT") == "1"
TEST_REDIS_URL = os.environ.get("THOR_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def missing_service(reason: str):
    if STRICT:
        pytest.fail(f"{reason} (strict mode: a missing service is a failure)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        missing_service(f"Redis not reachable at {TEST_REDIS_URL}: {exc}")
    return TEST_REDIS_URL


@pytest.fixture
def redis_prefix(redis_url):
    """A key prefix of this test's own, deleted afterwards (safe under xdist)."""
    import redis

    prefix = f"thor-test:{uuid.uuid4().hex}:"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def on_postgres():
    """Skip (or fail, in strict mode) unless the test database is PostgreSQL."""
    from django.db import connection

    if connection.vendor != "postgresql":
        missing_service(f"needs PostgreSQL, the test database is {connection.vendor}")


@pytest.fixture(params=["redis", pytest.param("database", marks=[pytest.mark.embedded, pytest.mark.django_db])])
def quote_bus(request, settings):
    """The process's bus (`get_bus()`), switched to one implementation for this test:
    Redis for real under its own key prefix, or the database bus on the test
    database (those cases also run in the SQLite pass)."""
    from LiveData.bus import get_bus

    if request.param == "redis":
        settings.REDIS_URL = request.getfixturevalue("redis_url")
        settings.QUOTE_BUS_REDIS_PREFIX = request.getfixturevalue("redis_prefix")
    else:
        settings.REDIS_URL = ""
    bus = get_bus()
    assert bus.kind == request.param
    return bus


@pytest.fixture
def seeded(db):
    """Instruments, signal weights, trading settings (SPEC §1) and the seven markets (SPEC §2).

    The markets come from a data migration; a transactional test flushes the
    tables afterwards, so the next test cannot rely on them being there.
    """
    import importlib

    from django.apps import apps
    from django.core.management import call_command

    call_command("seed_symbol_config", verbosity=0)
    importlib.import_module("timezones.migrations.0002_seed_markets").seed_markets(apps, None)


@pytest.fixture
def spawn(tmp_path):
    """Start real processes (Celery worker/beat, feeds, servers) for an integration test.

    `spawn(name, argv, env)` returns the Popen; output goes to a log file that is
    printed if the test fails. Every process is stopped at teardown.
    """
    import signal
    import subprocess

    from django.conf import settings

    started = []

    def start(name, argv, env):
        log = open(tmp_path / f"{name}.log", "w")
        process = subprocess.Popen(argv, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        started.append((name, process, log))
        return process

    yield start
    for name, process, log in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for name, process, log in started:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
        print(f"----- {name} (exit {process.returncode}) -----")
        print((tmp_path / f"{name}.log").read_text()[-3000:])


@pytest.fixture
def process_env(redis_url, redis_prefix):
    """Environment for child processes: this test's database, Redis keys and Celery queue."""
    from django.db import connection

    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": redis_url,
        "QUOTE_BUS_REDIS_PREFIX": redis_prefix,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": f"{redis_prefix}celery",
    }

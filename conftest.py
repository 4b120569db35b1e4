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

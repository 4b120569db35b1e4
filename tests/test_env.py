import pytest
from django.core.exceptions import ImproperlyConfigured

from thor_backend.env import env_bool, env_int, env_secret

pytestmark = pytest.mark.embedded


def test_it_rejects_a_boolean_it_cannot_read(monkeypatch):
    monkeypatch.setenv("THOR_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="THOR_X"):
        env_bool("THOR_X")


def test_it_rejects_a_non_integer(monkeypatch):
    monkeypatch.setenv("THOR_X", "12s")
    with pytest.raises(ImproperlyConfigured, match="THOR_X"):
        env_int("THOR_X", 3)


def test_a_generated_secret_is_stable_and_private(tmp_path, monkeypatch):
    monkeypatch.delenv("THOR_TEST_SECRET", raising=False)
    first = env_secret("THOR_TEST_SECRET", tmp_path)
    assert env_secret("THOR_TEST_SECRET", tmp_path) == first
    assert (tmp_path / "thor_test_secret").stat().st_mode & 0o077 == 0


def test_the_environment_wins_over_the_generated_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("THOR_TEST_SECRET", "from-env")
    assert env_secret("THOR_TEST_SECRET", tmp_path) == "from-env"

"""docker-compose.yml against the code and the README, since Docker itself does not run on these machines.

The production shape is postgres, redis, web, worker, beat and feed. Every
command must be a real one (a manage.py command with options it accepts, the
Celery app of thor_backend, the WSGI application), every variable the
compose file sets for Thor must be one settings.py reads, and the README's
production section must name the same services and the secrets to provide.
"""
import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands, load_command_class

ROOT = Path(settings.BASE_DIR)
SERVICES = {"postgres", "redis", "web", "worker", "beat", "feed"}
THOR_SERVICES = SERVICES - {"postgres", "redis"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def production_section() -> str:
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"^## Production\b.*?(?=^## )", readme, re.MULTILINE | re.DOTALL)
    assert match, "README.md has no '## Production' section"
    return match.group(0)


def commands(service: dict) -> list[list[str]]:
    """The service's command as argument lists, one per `&&`-joined step of a `sh -c`."""
    command = service["command"]
    argv = command if isinstance(command, list) else shlex.split(command)
    if argv[:2] == ["sh", "-c"]:
        return [shlex.split(step) for step in argv[2].split("&&")]
    return [argv]


def settings_variables() -> set[str]:
    """Every environment variable settings.py reads through thor_backend.env."""
    source = (ROOT / "thor_backend" / "settings.py").read_text()
    return set(re.findall(r"\benv_\w+\(\s*\"([A-Z0-9_]+)\"", source))


def test_it_has_the_production_services(compose):
    assert set(compose["services"]) == SERVICES
    for name in THOR_SERVICES:
        assert compose["services"][name]["build"] == ".", f"{name} runs Thor's image"


def test_every_manage_py_step_is_a_real_command_with_options_it_accepts(compose):
    known = get_commands()
    steps = [argv for name in THOR_SERVICES for argv in commands(compose["services"][name])
             if argv[:2] == ["python", "manage.py"]]
    assert {argv[2] for argv in steps} >= {"migrate", "seed_symbol_config", "run_feed"}
    for argv in steps:
        name, options = argv[2], argv[3:]
        assert name in known, f"manage.py {name} does not exist"
        # A parser made for call_command raises CommandError (instead of exiting) on an unknown option.
        load_command_class(known[name], name).create_parser("manage.py", name).parse_args(options)


def test_celery_and_gunicorn_load_thors_applications(compose):
    import thor_backend
    import thor_backend.wsgi

    services = compose["services"]
    for name, role in (("worker", "worker"), ("beat", "beat")):
        (argv,) = commands(services[name])
        assert argv[:4] == ["celery", "-A", "thor_backend", role], argv
    assert thor_backend.celery_app.main == "thor_backend"
    (gunicorn,) = [argv for argv in commands(services["web"]) if argv[0] == "gunicorn"]
    assert gunicorn[1] == "thor_backend.wsgi" and callable(thor_backend.wsgi.application)
    assert "0.0.0.0:8000" in gunicorn and services["web"]["ports"] == ["8000:8000"]


def test_every_variable_it_sets_for_thor_is_one_settings_reads(compose):
    read = settings_variables()
    for name in THOR_SERVICES:
        environment = compose["services"][name]["environment"]
        assert not set(environment) - read, f"{name} sets variables settings.py never reads"
        # Production: PostgreSQL and Redis of the compose file, secrets shared by every container.
        database = environment["DATABASE_URL"]
        assert database.startswith("postgres://") and "@postgres:5432/" in database
        assert environment["REDIS_URL"].startswith("redis://redis:6379/")
        assert {"SECRET_KEY", "THOR_FEED_TOKEN", "ALLOWED_HOSTS"} <= set(environment)
        assert str(environment["DEBUG"]).lower() == "false"


def test_the_readme_names_its_services_commands_and_secrets(compose, production_section):
    named = set(re.findall(r"`([a-z]+)`", production_section))
    assert SERVICES <= named, f"README's production section does not name {SERVICES - named}"
    for step in ("manage.py migrate", "manage.py seed_symbol_config", "gunicorn thor_backend.wsgi",
                 "celery -A thor_backend worker", "celery -A thor_backend beat", "manage.py run_feed --source sim"):
        assert step in production_section, f"README's production section does not show `{step}`"
    required = set(re.findall(r"\$\{([A-Z_]+)(?::?[?-][^}]*)?\}", (ROOT / "docker-compose.yml").read_text()))
    missing = {name for name in required if f"`{name}`" not in production_section}
    assert not missing, f"README does not say to provide {missing}"

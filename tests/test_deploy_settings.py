"""Production settings pass Django's deployment check and keep DEBUG off."""
import os
import subprocess
import sys

from django.conf import settings


def production_check(**extra):
    env = {**os.environ, "SECRET_KEY": "a-long-production-secret-" + "x" * 40, "HTTPS": "true",
           "DEBUG": "false", "ALLOWED_HOSTS": "thor.example.com", **extra}
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)


def test_the_deployment_check_is_clean_in_production():
    result = production_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_asked_for():
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='thor_backend.settings'; django.setup(); " \
           "from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True,
                            text=True)
    assert result.stdout.strip() == "False", result.stderr

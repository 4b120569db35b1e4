import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.embedded

ROOT = Path(__file__).resolve().parents[2]


def test_the_rules_import_without_django():
    # Capture, grading and replay reuse these functions anywhere, settings or not.
    code = (
        "import sys\n"
        "import FutureTrading.rules.bracket, FutureTrading.rules.classification, FutureTrading.rules.composite\n"
        "import FutureTrading.rules.instruments, FutureTrading.rules.signals, FutureTrading.rules.symbols\n"
        "assert not any(name.split('.')[0] in ('django', 'rest_framework') for name in sys.modules), 'Django imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={"PATH": ""}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

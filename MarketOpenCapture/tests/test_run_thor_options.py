"""`manage.py run_thor` refuses contradictory options before it wipes or starts anything.

Running it for real (the simulator, `--replay FILE`) is what tests/e2e does."""
import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.embedded


@pytest.mark.parametrize("args, message", [
    (["--from", "2026-11-27T07:59:30Z"], "--from is for --replay FILE"),
    (["--replay", "/nonexistent/day.csv"], "no quote file at /nonexistent/day.csv"),
    (["--replay", "{day}", "--seed", "3"], "--seed is for the simulator"),
    (["--replay", "{day}", "--from", "2026-11-27 07:59:30"], "--from needs an ISO-8601 instant with its offset"),
    (["--replay", "{day}", "--from", "yesterday"], "--from needs an ISO-8601 instant with its offset"),
])
def test_it_refuses_bad_options_and_leaves_the_state_folder_alone(tmp_path, settings, args, message):
    settings.STATE_DIR = tmp_path
    (tmp_path / "day.csv").write_text("symbol,ts,bid,ask\nYM,2026-11-27T07:59:40Z,47380,47381\n")
    with pytest.raises(CommandError, match=message):
        call_command("run_thor", *[arg.format(day=tmp_path / "day.csv") for arg in args])
    assert not (tmp_path / "replay").exists()

import pytest

from MarketOpenCapture.services import grading


@pytest.fixture(autouse=True)
def fresh_stream_cursors():
    """A grader process never sees a session id twice; tests (rolled back) do."""
    grading._cursors.clear()
    yield
    grading._cursors.clear()

"""Quote sources besides the ingest endpoint: the market simulator and file replay.

Both hand `Quote` objects to the quote bus, exactly like a real feed does
through `POST /api/feed/quotes`; `manage.py run_feed` drives them.
"""

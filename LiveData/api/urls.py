from django.urls import path, re_path

from LiveData.api.health import HealthView
from LiveData.api.ingest import post_quotes
from LiveData.api.quotes import SnapshotView, StreamView

# Mounted at api/. Feeds may post with or without a trailing slash: a
# redirect would drop the body.
urlpatterns = [
    re_path(r"^feed/quotes/?$", post_quotes, name="feed-quotes"),
    path("feed/quotes/snapshot", SnapshotView.as_view(), name="feed-quotes-snapshot"),
    path("feed/quotes/stream", StreamView.as_view(), name="feed-quotes-stream"),
    path("health", HealthView.as_view(), name="health"),
]

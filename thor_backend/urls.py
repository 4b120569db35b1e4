from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/schema/ui/", SpectacularSwaggerView.as_view(url_name="schema"), name="schema-ui"),
    path("api/", include("LiveData.api.urls")),
    path("api/futuretrading/", include("FutureTrading.api.urls")),
    path("api/timezones/", include("timezones.api.urls")),
    path("api/market-open/", include("MarketOpenCapture.api.urls")),
    path("", include("thor_backend.spa")),  # last: the dashboard SPA for every other path, and its login API
]

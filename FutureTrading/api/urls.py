from django.urls import path

from FutureTrading.api.views import LatestQuotesView

urlpatterns = [
    path("quotes/latest", LatestQuotesView.as_view(), name="futuretrading-quotes-latest"),
]

import pytest
from django.contrib.auth import get_user_model

from timezones.models import Market, MarketClosure

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", None))
    return client


@pytest.mark.parametrize("url", [
    "/admin/timezones/market/",
    "/admin/timezones/marketclosure/",
    "/admin/timezones/marketclosure/add/",
])
def test_the_admin_pages_render(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_the_market_key_is_read_only_once_it_exists(admin_client):
    japan = Market.objects.get(key="Japan")
    page = admin_client.get(f"/admin/timezones/market/{japan.pk}/change/").content.decode()
    assert 'name="key"' not in page and 'name="display_name"' in page


def test_a_closure_without_a_reason_is_refused_and_nothing_is_stored(admin_client):
    china = Market.objects.get(key="China")
    response = admin_client.post("/admin/timezones/marketclosure/add/",
                                 {"market": china.pk, "date": "2027-01-01", "reason": ""})
    assert response.status_code == 200 and "say why the market is closed" in response.content.decode()
    assert not MarketClosure.objects.exists()


def test_a_closure_added_in_the_admin_is_stored(admin_client):
    china = Market.objects.get(key="China")
    response = admin_client.post("/admin/timezones/marketclosure/add/",
                                 {"market": china.pk, "date": "2027-01-01", "reason": "New Year's Day"})
    assert response.status_code == 302
    assert list(MarketClosure.objects.values_list("market__key", "reason")) == [("China", "New Year's Day")]

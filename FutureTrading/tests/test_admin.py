from decimal import Decimal as D

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from FutureTrading.models import SymbolConfig, TradingConfig

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]


@pytest.fixture
def admin_client(client):
    call_command("seed_symbol_config", verbosity=0)
    client.force_login(User.objects.create(username="ops", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["symbolconfig", "signalweight", "tradingconfig"])
def test_every_model_has_an_admin(admin_client, model):
    assert admin_client.get(f"/admin/FutureTrading/{model}/").status_code == 200


def form_of(row: SymbolConfig, **changes) -> dict:
    values = {name: getattr(row, name) for name in (
        "symbol", "name", "active", "sort_order", "aliases", "tick_size", "tick_value", "display_precision",
        "strong_buy", "buy", "sell", "strong_sell", "contract_weight", "take_profit_usd", "stop_loss_usd")}
    values.update(changes)
    if not values["active"]:
        del values["active"]
    values["bear"] = "on" if row.bear else ""
    return {name: value for name, value in values.items() if value != ""}


def test_an_edit_in_the_admin_is_saved(admin_client):
    ym = SymbolConfig.objects.get(symbol="YM")
    response = admin_client.post(f"/admin/FutureTrading/symbolconfig/{ym.pk}/change/", form_of(ym, buy="12"))
    assert response.status_code == 302
    assert SymbolConfig.objects.get(symbol="YM").buy == D("12")


def test_the_admin_refuses_thresholds_out_of_order_and_changes_nothing(admin_client):
    ym = SymbolConfig.objects.get(symbol="YM")
    response = admin_client.post(f"/admin/FutureTrading/symbolconfig/{ym.pk}/change/", form_of(ym, sell="11"))
    assert response.status_code == 200
    assert "must not be above the buy threshold" in response.content.decode()
    assert SymbolConfig.objects.get(symbol="YM").sell == D("-10")


def test_the_trading_config_cannot_be_added_twice_or_deleted(admin_client):
    assert TradingConfig.objects.count() == 1
    assert admin_client.get("/admin/FutureTrading/tradingconfig/add/").status_code == 403
    assert admin_client.get("/admin/FutureTrading/tradingconfig/1/delete/").status_code == 403

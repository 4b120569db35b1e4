"""A trader opens Thor on the simulator: logs in, sees the markets, turns on the futures and sees them move."""
import pytest

from thor_e2e import log_in

pytestmark = pytest.mark.e2e

# Each symbol card's "SYMBOL last-price" (the TOTAL card has no last price).
LAST_PRICES = """() => [...document.querySelectorAll('section[aria-label="Future Trading"] article')]
    .filter(card => card.querySelector('.card__last'))
    .map(card => card.querySelector('h3').textContent + ' ' + card.querySelector('.card__last').textContent)"""


def test_login_split_view_and_futures_cards_that_move(start_thor, page):
    thor = start_thor("--seed", "11")
    log_in(page, thor)

    markets = page.get_by_role("region", name="Global Markets")
    markets.get_by_role("row", name="London").wait_for()  # the board of the seven regions is there
    assert page.get_by_role("region", name="Future Trading").count() == 0
    page.shot("home")

    page.get_by_role("button", name="Future Trading", pressed=False).click()
    page.get_by_role("button", name="Future Trading", pressed=True).wait_for()
    futures = page.get_by_role("region", name="Future Trading")
    for symbol in ("YM", "ES", "NQ", "ZB"):
        futures.get_by_role("article", name=symbol).wait_for()
    # The split view: markets on the left, futures on the right, side by side.
    left, right = markets.bounding_box(), futures.bounding_box()
    assert left["x"] + left["width"] <= right["x"] + 1 and abs(left["y"] - right["y"]) < 5

    page.wait_for_function(f"() => ({LAST_PRICES})().filter(text => /\\d/.test(text)).length === 11")
    first = page.evaluate(LAST_PRICES)
    page.shot("split-view")
    # The simulator moves YM about a point a second: some card's last price changes within seconds.
    page.wait_for_function(f"before => JSON.stringify(({LAST_PRICES})()) !== JSON.stringify(before)",
                           arg=first)
    page.shot("split-view-moved")

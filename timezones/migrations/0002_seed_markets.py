"""Seed the seven markets of SPEC §2, so a fresh database has them."""
from django.db import migrations

from timezones.rules.regions import SPEC_REGIONS


def seed_markets(apps, schema_editor):
    Market = apps.get_model("timezones", "Market")
    for order, region in enumerate(SPEC_REGIONS, start=1):
        Market.objects.get_or_create(key=region.key, defaults={
            "display_name": region.display_name,
            "timezone": region.tz,
            "calendar_code": region.calendar_code,
            "hours_from_calendar": region.hours_from_calendar,
            "open_local": region.open_local,
            "close_local": region.close_local,
            "sort_order": order,
        })


class Migration(migrations.Migration):

    dependencies = [("timezones", "0001_initial")]

    operations = [migrations.RunPython(seed_markets, migrations.RunPython.noop)]

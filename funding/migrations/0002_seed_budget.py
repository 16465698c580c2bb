from datetime import date
from decimal import Decimal

from django.db import migrations


def seed_budget(apps, schema_editor):
    Budget = apps.get_model("funding", "Budget")
    Budget.objects.get_or_create(
        is_default=True,
        defaults={
            "name": "Wachter clinical-informatics leadership fund",
            "total_gbp": Decimal("42000000.00"),
            "start_date": date(2016, 4, 1),
            "end_date": date(2021, 3, 31),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]
    operations = [migrations.RunPython(seed_budget, migrations.RunPython.noop)]

from decimal import Decimal

from django.db import migrations


def seed_policy(apps, schema_editor):
    Policy = apps.get_model("workforce", "Policy")
    Policy.objects.get_or_create(
        code="wachter-2016",
        defaults={
            "name": "Wachter review 2016",
            "team_min": 5,
            "ccio_min_time_fraction": Decimal("0.750"),
            "ccio_reports_to": ["board", "ceo"],
            "scale_by_size": False,
            "reference_staff_fte": Decimal("4444"),
            "cost_per_informatician_gbp": None,
            "is_active": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("workforce", "0001_initial")]
    operations = [migrations.RunPython(seed_policy, migrations.RunPython.noop)]

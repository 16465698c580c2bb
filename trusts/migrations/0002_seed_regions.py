from django.db import migrations

REGIONS = [
    ("Y54", "North of England"),
    ("Y55", "Midlands and East of England"),
    ("Y56", "London"),
    ("Y57", "South of England"),
    ("Y58", "South West"),
    ("Y59", "South East"),
    ("Y60", "Midlands"),
    ("Y61", "East of England"),
    ("Y62", "North West"),
    ("Y63", "North East and Yorkshire"),
]


def seed_regions(apps, schema_editor):
    Region = apps.get_model("trusts", "Region")
    for code, name in REGIONS:
        Region.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("trusts", "0001_initial")]
    operations = [migrations.RunPython(seed_regions, migrations.RunPython.noop)]

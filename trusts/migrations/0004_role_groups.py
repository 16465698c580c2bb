from django.db import migrations

# The roles of SPEC §1 other than the administrators (who are superusers).
ROLE_GROUPS = ["nhse_analyst", "funding_manager", "trust_editor", "board_member"]


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("trusts", "0003_trust_membership"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]

"""`manage.py provision_user USERNAME --role ROLE [--trust ODS …]` (SPEC §7)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token

from trusts.access import TRUST_ROLES, Role
from trusts.models import Trust, TrustMembership
from trusts.querysets import UnknownTrusts

ADMIN = "admin"


class Command(BaseCommand):
    help = (
        "Create or update a user with one role and, for trust_editor and board_member, the trusts they "
        "belong to. Prints the user's API token alone on the last line."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[ADMIN, *Role.values])
        parser.add_argument(
            "--trust",
            dest="trusts",
            nargs="+",
            action="extend",
            default=[],
            metavar="ODS",
            help="ODS code of a trust the user belongs to (trust_editor and board_member; one or more).",
        )

    def handle(self, username, role, trusts, **options):
        codes = sorted(set(trusts))
        if role in TRUST_ROLES and not codes:
            raise CommandError(f"A {role} needs at least one --trust.")
        if role not in TRUST_ROLES and codes:
            raise CommandError(
                f"Only {' and '.join(sorted(TRUST_ROLES))} belong to trusts; a {role} sees every trust."
            )
        try:
            found = list(Trust.objects.by_ods_codes(codes).values())
        except UnknownTrusts as unknown:
            raise CommandError(unknown.message) from unknown
        with transaction.atomic():
            user, created = self.save_user(username, role)
            memberships = TrustMembership.objects.filter(user=user)
            memberships.exclude(trust__in=found).delete()
            for trust in found:
                TrustMembership.objects.get_or_create(user=user, trust=trust)
            token, _ = Token.objects.get_or_create(user=user)
        scope = f" of {', '.join(codes)}" if codes else ""
        self.stdout.write(f"{'Created' if created else 'Updated'} {username}: {role}{scope}.")
        self.stdout.write(token.key)

    def save_user(self, username, role):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username)
            user.set_unusable_password()
        user.is_superuser = user.is_staff = role == ADMIN
        try:
            user.full_clean()
        except ValidationError as invalid:
            problems = "; ".join(
                f"{field}: {' '.join(errors)}" for field, errors in invalid.message_dict.items()
            )
            raise CommandError(problems) from invalid
        user.save()
        groups = [] if role == ADMIN else [Group.objects.get_or_create(name=role)[0]]
        user.groups.set(groups)
        return user, created

"""`manage.py provision_user USERNAME --role ROLE [--trust ODS …]` (SPEC §7)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from trusts.access import TRUST_ROLES, Role
from trusts.models import ApiToken, Trust, TrustMembership
from trusts.querysets import UnknownTrusts

ADMIN = "admin"


class Command(BaseCommand):
    help = (
        "Create or update a user with one role and, for trust_editor and board_member, the trusts they "
        "belong to. Issues a new API token and prints its key alone on the last line: the key is "
        "shown this once, and only its digest is kept."
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
        parser.add_argument(
            "--expires-days",
            type=int,
            default=None,
            metavar="N",
            help="The token expires in N days (default: never).",
        )
        parser.add_argument("--read-only", action="store_true", help="The token may read but never write.")

    def handle(self, username, role, trusts, expires_days, read_only, **options):
        codes = sorted(set(trusts))
        if expires_days is not None and expires_days < 1:
            raise CommandError("--expires-days must be at least 1.")
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
            _, key = ApiToken.issue(user, expires_days=expires_days, read_only=read_only)
        scope = f" of {', '.join(codes)}" if codes else ""
        self.stdout.write(f"{'Created' if created else 'Updated'} {username}: {role}{scope}.")
        self.stdout.write(key)

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

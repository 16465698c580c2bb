from django.core.management.base import BaseCommand, CommandError

from trusts.models import Trust
from trusts.querysets import UnknownTrusts
from workforce.recompute import recompute


class Command(BaseCommand):
    help = "Recompute the stored compliance results now: every active trust, or those named."

    def add_arguments(self, parser):
        parser.add_argument("--ods", nargs="+", metavar="ODS_CODE", help="only these trusts")

    def handle(self, *args, ods=None, **options):
        trust_ids = None
        if ods:
            try:
                trust_ids = [trust.pk for trust in Trust.objects.by_ods_codes(ods, active=True).values()]
            except UnknownTrusts as unknown:
                raise CommandError(f"--ods: {unknown.message}") from unknown
        count = recompute(trust_ids)
        self.stdout.write(f"Recomputed {count} trusts.")

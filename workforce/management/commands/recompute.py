from django.core.management.base import BaseCommand, CommandError

from trusts.models import Trust
from workforce.recompute import recompute


class Command(BaseCommand):
    help = "Recompute the stored compliance results now: every active trust, or those named."

    def add_arguments(self, parser):
        parser.add_argument("--ods", nargs="+", metavar="ODS_CODE", help="only these trusts")

    def handle(self, *args, ods=None, **options):
        trust_ids = None
        if ods:
            found = dict(Trust.objects.active().filter(ods_code__in=ods).values_list("ods_code", "id"))
            missing = sorted(set(ods) - set(found))
            if missing:
                raise CommandError(f"--ods: no active trust with the code {', '.join(missing)}")
            trust_ids = list(found.values())
        count = recompute(trust_ids)
        self.stdout.write(f"Recomputed {count} trusts.")

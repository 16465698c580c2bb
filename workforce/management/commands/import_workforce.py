from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wachter_planner.history import Origin

from ...returns.parsing import ReturnRefused
from ...returns.service import do_import_return


class Command(BaseCommand):
    help = (
        "Import a workforce return (CSV or XLSX, SPEC §8): every trust it names gets exactly the "
        "file's posts. With one bad row nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, but write nothing.")

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        try:
            outcome = do_import_return(content, path.name, dry_run=dry_run, origin=Origin.COMMAND)
        except ReturnRefused as refused:
            for problem in refused.errors:
                self.stdout.write(str(problem))
            raise CommandError(
                f"Nothing imported: {len(refused.errors)} error(s).", returncode=1
            ) from refused
        counts = outcome.counts
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            f"{verb} {counts.rows} rows for {len(outcome.trusts)} trust(s): {counts.created} posts created, "
            f"{counts.updated} updated, {counts.deleted} deleted, {counts.unchanged} unchanged."
        )

from django.core.management.base import BaseCommand, CommandError

from funding.demo import NothingToLoad, load_demo
from trusts.demo import DemoRefused

MAX_SYNTHETIC_TRUSTS = 9999  # codes Z0001 to Z9999


class Command(BaseCommand):
    help = (
        "Load a deterministic demo workforce, Academy cohorts and allocations of the default "
        "budget for every active trust. Does nothing if a workforce is already present."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2016, help="the same seed gives the same demo")
        parser.add_argument(
            "--trusts", type=int, default=0, metavar="N", help="also make N synthetic trusts, for scale tests"
        )

    def handle(self, *args, seed, trusts, **options):
        if not 0 <= trusts <= MAX_SYNTHETIC_TRUSTS:
            raise CommandError(f"--trusts must be between 0 and {MAX_SYNTHETIC_TRUSTS}.")
        try:
            loaded = load_demo(seed, synthetic_trusts=trusts)
        except NothingToLoad as reason:
            self.stdout.write(str(reason))
            return
        except DemoRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(str(loaded))

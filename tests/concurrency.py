"""Many requests at once: threads, each on its own database connection."""

import threading

from django.core.exceptions import ValidationError
from django.db import connection


def in_parallel(count, action):
    """Run `action(i)` in `count` threads at once, each on its own connection; collect refusals."""
    start = threading.Barrier(count)
    refusals, failures = [], []

    def run(index):
        try:
            start.wait()
            action(index)
        except ValidationError as refused:
            refusals.append(refused.message_dict)
        except Exception as error:  # surfaced by the assertion below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    return refusals

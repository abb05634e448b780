"""Two workers at once, for the tests of jobs and deliveries that must stay correct when beat
or a redelivery runs them twice."""

import threading

from django.db import connection


def at_once(work, *, workers: int = 2, together: bool = True) -> tuple[list, list]:
    """Run `work()` in `workers` threads (released together by a barrier unless `together` is
    False, when `work` synchronises itself); each closes its own database connection. Returns
    the results and the exceptions raised, for the test to assert on."""
    barrier = threading.Barrier(workers) if together else None
    results, errors = [], []

    def run():
        try:
            if barrier is not None:
                barrier.wait()
            results.append(work())
        except Exception as exc:  # noqa: BLE001 - returned to the test, which asserts on it
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors

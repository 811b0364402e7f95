"""``python -m tests.transition.killable_import FILE``: the real ``transition_import``
command, stopped dead halfway. After the new children are written, inside the import's
transaction, it prints HALFWAY and waits to be killed (the test sends SIGKILL)."""

from __future__ import annotations

import sys
import time
from typing import Any


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from jeugdmodel.families.models import Person
    from jeugdmodel.transition.models import RunningClient
    from jeugdmodel.transition.services import caseload

    original = caseload.insert_rows

    def halt_before_clients(model: Any, *args: Any) -> int:
        if model is RunningClient:
            written = Person.objects.count()  # seen from inside the open transaction
            sys.stdout.write(f"HALFWAY persons={written}\n")
            sys.stdout.flush()
            time.sleep(600)
        return original(model, *args)

    caseload.insert_rows = halt_before_clients  # type: ignore[assignment]
    call_command("transition_import", sys.argv[1])


if __name__ == "__main__":
    main()

"""What the case tells the apps above it, without knowing them (docs/architecture.md).

`family_contact_recorded` is sent inside the transaction of a journal entry that records a
contact with the family. The front door (intake) listens: for it, this contact is the first
contact of every request of the case still waiting for one."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent with ``actor`` (User), ``case`` (Case) and ``on`` (date).
family_contact_recorded = Signal()

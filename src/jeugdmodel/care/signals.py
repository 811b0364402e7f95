"""Signals the care services send inside their transaction, for apps that must record
something together with a trajectory change (the iJw outbox). A receiver that raises rolls
the change back: it is part of the same transaction."""

from django.dispatch import Signal

#: A trajectory was started (saved). Argument: ``trajectory``.
trajectory_started = Signal()
#: A trajectory was ended (end date and reason saved). Argument: ``trajectory``.
trajectory_ended = Signal()

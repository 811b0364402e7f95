"""Writes of the care app: trajectories and level changes (`trajectories`), and the
consultations of the flexible network (`consultations`)."""

from .consultations import (
    consultation_accept,
    consultation_advise,
    consultation_ask,
    consultation_close,
)
from .trajectories import (
    trajectory_end,
    trajectory_start,
    trajectory_step_down,
    trajectory_step_up,
)

__all__ = [
    "consultation_accept",
    "consultation_advise",
    "consultation_ask",
    "consultation_close",
    "trajectory_end",
    "trajectory_start",
    "trajectory_step_down",
    "trajectory_step_up",
]

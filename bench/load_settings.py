"""Production settings plus one bare view for `bin/bench load` (bench/load.py): the same
base template, middleware and server as every page, as the ceiling of the stack."""

from jeugdmodel.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IjwConfig(AppConfig):
    name = "jeugdmodel.ijw"
    label = "ijw"
    verbose_name = _("iJw-berichten")

    def ready(self) -> None:
        from jeugdmodel.care.signals import trajectory_ended, trajectory_started
        from jeugdmodel.jobs.api import schedule

        from .jobs import ijw_inbox_poll, ijw_outbox_sweep
        from .services import on_trajectory_ended, on_trajectory_started

        trajectory_started.connect(on_trajectory_started, dispatch_uid="ijw.outbox.start")
        trajectory_ended.connect(on_trajectory_ended, dispatch_uid="ijw.outbox.stop")
        schedule(name="ijw.outbox_sweep", task=ijw_outbox_sweep, cron="* * * * *")
        schedule(name="ijw.inbox_poll", task=ijw_inbox_poll, cron="* * * * *")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "jeugdmodel.finance"
    label = "finance"
    verbose_name = _("Financiën")

    def ready(self) -> None:
        from jeugdmodel.steering.services import tariffs_register

        from .selectors import tariff_table

        tariffs_register(tariff_table)

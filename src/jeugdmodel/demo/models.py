from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoDataset(models.Model):
    """Marks that synthetic demo data was generated, so a second run adds nothing."""

    seed = models.IntegerField(_("seed"))
    scale = models.CharField(_("schaal"), max_length=20)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    counts = models.JSONField(_("aantallen"), default=dict)

    class Meta:
        verbose_name = _("demodataset")
        verbose_name_plural = _("demodatasets")
        constraints = [
            models.UniqueConstraint(fields=["seed", "scale"], name="demo_dataset_unique")
        ]

    def __str__(self) -> str:
        return f"seed {self.seed} ({self.scale})"

"""Help given to a child (trajectories), moving between levels (step up / step down), and
consultations of the flexible network.

A trajectory records its level itself (copied from its help form when it starts): the
80/20 figures count it, so it is never guessed afterwards. End reasons follow the CBS
split "volgens plan" versus "voortijdig" with a sub-reason that maps onto the CBS codes
02–05 (see `CBS_END_CODES` and docs/decisions/0017-trajectories-and-levels.md)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jeugdmodel.cases.models import Case, CaseTeamMember
from jeugdmodel.families.models import Person
from jeugdmodel.region.models import CareLevel, HelpForm, Organisation, Team


class EndReason(models.TextChoices):
    ACCORDING_TO_PLAN = "volgens_plan", _("volgens plan")
    PREMATURE = "voortijdig", _("voortijdig")


class EndSubreason(models.TextChoices):
    """Why a trajectory ended early. Only with `EndReason.PREMATURE`."""

    AGREED = "voortijdig_overeenstemming", _("in overeenstemming (andere hulp nodig)")
    CLIENT = "voortijdig_client", _("eenzijdig door de cliënt")
    PROVIDER = "voortijdig_aanbieder", _("eenzijdig door de aanbieder")
    MOVED = "verhuisd", _("verhuisd")
    DIED = "overleden", _("overleden")
    OTHER = "overig", _("overig")


#: CBS "reden beëindiging jeugdhulp": 01 volgens plan; 02 voortijdig in overeenstemming;
#: 03 eenzijdig door de cliënt; 04 eenzijdig door de aanbieder; 05 wegens externe
#: omstandigheden. "overig" has no CBS code of its own: an export reports it as unknown.
CBS_END_CODES: dict[str, str | None] = {
    EndReason.ACCORDING_TO_PLAN: "01",
    EndSubreason.AGREED: "02",
    EndSubreason.CLIENT: "03",
    EndSubreason.PROVIDER: "04",
    EndSubreason.MOVED: "05",
    EndSubreason.DIED: "05",
    EndSubreason.OTHER: None,
}


class Trajectory(models.Model):
    """One form of help given to one child of the case's family (hulpinzet)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="trajectories")
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="trajectories")
    help_form = models.ForeignKey(
        HelpForm, on_delete=models.PROTECT, related_name="trajectories", verbose_name=_("hulpvorm")
    )
    level = models.CharField(_("niveau"), max_length=20, choices=CareLevel.choices)
    with_stay = models.BooleanField(_("met verblijf"), default=False)
    crisis_start = models.BooleanField(_("gestart met crisis"), default=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name=_("organisatie"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name=_("team"),
    )
    start_date = models.DateField(_("begindatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    intensity = models.CharField(_("intensiteit"), max_length=200, blank=True)
    end_reason = models.CharField(
        _("reden van beëindigen"), max_length=20, choices=EndReason.choices, blank=True
    )
    end_subreason = models.CharField(
        _("toelichting op voortijdig"), max_length=30, choices=EndSubreason.choices, blank=True
    )
    specialist_reason = models.TextField(_("reden voor specialistische hulp"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=["basis", "specialistisch"]), name="trajectory_level_known"
            ),
            # A child never gets the same help form twice at once (a double click, two
            # people at the same moment): services/trajectories.py says so in Dutch.
            models.UniqueConstraint(
                fields=["child", "help_form"],
                condition=Q(end_date__isnull=True),
                name="trajectory_one_running_per_help_form",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="trajectory_end_after_start",
            ),
            # An end date always has its reason, and a reason only comes with an end date.
            models.CheckConstraint(
                condition=(Q(end_date__isnull=True) & Q(end_reason=""))
                | (Q(end_date__isnull=False) & ~Q(end_reason="")),
                name="trajectory_end_has_reason",
            ),
            # Premature ends name why; an end according to plan has no sub-reason.
            models.CheckConstraint(
                condition=(Q(end_reason="voortijdig") & ~Q(end_subreason=""))
                | (~Q(end_reason="voortijdig") & Q(end_subreason="")),
                name="trajectory_subreason_only_premature",
            ),
            models.CheckConstraint(
                condition=~Q(level="specialistisch") | ~Q(specialist_reason=""),
                name="trajectory_specialist_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["case", "start_date"]),
            models.Index(fields=["level", "start_date", "end_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.help_form} ({self.get_level_display()})"

    @property
    def is_running(self) -> bool:
        return self.end_date is None

    @property
    def cbs_end_code(self) -> str | None:
        """The CBS end-reason code, or None while running (or when CBS has no code)."""
        if not self.end_reason:
            return None
        if self.end_reason == EndReason.ACCORDING_TO_PLAN:
            return CBS_END_CODES[EndReason.ACCORDING_TO_PLAN]
        return CBS_END_CODES.get(self.end_subreason)


class LevelChangeKind(models.TextChoices):
    STEP_UP = "step_up", _("opschalen")
    STEP_DOWN = "step_down", _("afschalen")


class LevelChange(models.Model):
    """An explicit move between basis and specialist help for one child, with its reason."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="level_changes")
    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="level_changes")
    kind = models.CharField(_("soort"), max_length=20, choices=LevelChangeKind.choices)
    on = models.DateField(_("op"))
    reason = models.TextField(_("reden"))
    from_trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="level_changes_from",
        verbose_name=_("van traject"),
    )
    to_trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.PROTECT,
        related_name="level_changes_to",
        verbose_name=_("naar traject"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("op- of afschaling")
        verbose_name_plural = _("op- en afschalingen")
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["step_up", "step_down"]), name="level_change_kind_known"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="level_change_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on.isoformat()}"


class ConsultationUrgency(models.TextChoices):
    NORMAL = "normal", _("normaal")
    HIGH = "high", _("met voorrang")
    TODAY = "today", _("vandaag (spreekuur)")


#: Most urgent first, for the queue.
URGENCY_ORDER = {ConsultationUrgency.TODAY: 0, ConsultationUrgency.HIGH: 1}


class ConsultationStatus(models.TextChoices):
    OPEN = "open", _("wacht op een specialist")
    ACCEPTED = "accepted", _("aangenomen")
    ADVISED = "advised", _("advies gegeven")
    CLOSED = "closed", _("afgesloten")


class ConsultationOutcome(models.TextChoices):
    STAYS_BASIS = "stays_basis", _("blijft basis: opschalen niet nodig")
    STEP_UP = "step_up", _("opschalen naar specialistische hulp")
    OTHER = "other", _("anders")


class Consultation(models.Model):
    """A question of a case to the flexible network. A specialist accepts it, joins the
    case team for a period (`membership`), advises, and closes it with an outcome."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consultations")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consultations_asked",
        verbose_name=_("gevraagd door"),
    )
    question = models.TextField(_("vraag"))
    urgency = models.CharField(
        _("urgentie"),
        max_length=10,
        choices=ConsultationUrgency.choices,
        default=ConsultationUrgency.NORMAL,
    )
    wanted_expertise = models.JSONField(_("gevraagde expertise"), default=list, blank=True)
    flex_team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("team van het flexibel netwerk"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.OPEN,
    )
    asked_at = models.DateTimeField(_("gevraagd op"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations_accepted",
        verbose_name=_("aangenomen door"),
    )
    accepted_at = models.DateTimeField(_("aangenomen op"), null=True, blank=True)
    joined_from = models.DateField(_("in het casusteam vanaf"), null=True, blank=True)
    joined_to = models.DateField(_("in het casusteam tot en met"), null=True, blank=True)
    membership = models.ForeignKey(
        CaseTeamMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
    )
    advice = models.TextField(_("advies"), blank=True)
    advised_at = models.DateTimeField(_("advies gegeven op"), null=True, blank=True)
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=ConsultationOutcome.choices, blank=True
    )
    outcome_note = models.TextField(_("toelichting op de uitkomst"), blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultatie")
        verbose_name_plural = _("consultaties")
        ordering = ["-asked_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open")
                | (Q(accepted_by__isnull=False) & Q(accepted_at__isnull=False)),
                name="consultation_accepted_has_specialist",
            ),
            models.CheckConstraint(
                condition=Q(joined_to__isnull=True)
                | Q(joined_from__isnull=True)
                | Q(joined_to__gte=F("joined_from")),
                name="consultation_joined_period",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["advised", "closed"]) | ~Q(advice=""),
                name="consultation_advised_has_advice",
            ),
            models.CheckConstraint(
                condition=(Q(status="closed") & ~Q(outcome="") & Q(closed_at__isnull=False))
                | (~Q(status="closed") & Q(outcome="") & Q(closed_at__isnull=True)),
                name="consultation_closed_has_outcome",
            ),
        ]
        indexes = [
            models.Index(fields=["flex_team", "status"]),
            models.Index(fields=["accepted_by", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.asked_at:%Y-%m-%d})"

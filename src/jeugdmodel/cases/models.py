"""The family case: one family, one coordinator at a time, one plan (versioned), a journal
of contacts, documents, and the facts around the family that are not ours to help with:
adult services of the parents and the GRJR's involvement with a child."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jeugdmodel.families.models import Family, Person
from jeugdmodel.region.models import Team


class CaseStatus(models.TextChoices):
    REGISTERED = "aangemeld", _("aangemeld")
    ACTIVE = "in_behandeling", _("in behandeling")
    CLOSED = "afgesloten", _("afgesloten")


class ClosingReason(models.TextChoices):
    GOALS_REACHED = "doelen_bereikt", _("doelen bereikt")
    REFERRED_ON = "doorverwezen", _("doorverwezen buiten het contract")
    MOVED = "verhuisd", _("verhuisd buiten de regio")
    FAMILY_STOPPED = "gezin_stopt", _("gezin stopt zelf")
    NO_HELP_NEEDED = "geen_hulp_nodig", _("geen hulp (meer) nodig")
    OTHER = "overig", _("overig")
    # Early closings as previous systems record them; CBS tells them apart (03 and 04).
    EARLY_BY_FAMILY = "voortijdig_gezin", _("voortijdig beëindigd door het gezin")
    EARLY_BY_PROVIDER = "voortijdig_aanbieder", _("voortijdig beëindigd door de aanbieder")


#: Closing reason → the CBS end reason code (Beleidsinformatie Jeugd): 01 according to
#: plan; 02 early, in agreement; 03 early, one-sided by the client; 04 early, one-sided by
#: the provider; 05 early, external circumstances; None: unknown ("onbekend" at CBS).
CLOSING_CBS_CODES: dict[str, str | None] = {
    ClosingReason.GOALS_REACHED: "01",
    ClosingReason.NO_HELP_NEEDED: "02",
    ClosingReason.REFERRED_ON: "02",
    ClosingReason.FAMILY_STOPPED: "03",
    ClosingReason.EARLY_BY_FAMILY: "03",
    ClosingReason.EARLY_BY_PROVIDER: "04",
    ClosingReason.MOVED: "05",
    ClosingReason.OTHER: None,
}


class Case(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coordinated_cases",
        verbose_name=_("regiehouder"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED
    )
    opened_on = models.DateField(_("geopend op"))
    closed_on = models.DateField(_("gesloten op"), null=True, blank=True)
    closing_reason = models.CharField(
        _("reden van afsluiten"), max_length=40, choices=ClosingReason.choices, blank=True
    )
    is_repeat = models.BooleanField(_("herhaalde aanvraag"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="afgesloten", closed_on__isnull=False)
                | (~Q(status="afgesloten") & Q(closed_on__isnull=True)),
                name="case_closed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["coordinator", "status"])]

    def __str__(self) -> str:
        return f"{self.family} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED


class CaseClosing(models.Model):
    """One closing of a case, kept when the case is reopened.

    The figures count outflow, goal attainment and repeat requests from these rows: a
    reopened case keeps its earlier closing here with `reopened_on` filled. The goal
    scores are copied from the plan at closing (`[{"subject": <child public id> or
    "family", "score": <last score> or null}]`), so a later plan change does not rewrite
    what the closing achieved. Imported history may add each goal's earlier scores
    (`"scores": [{"date", "score", "kind"}]`, oldest first, as in a plan) so progress
    from the start score can be shown."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="closings")
    closed_on = models.DateField(_("gesloten op"))
    reason = models.CharField(_("reden"), max_length=20, choices=ClosingReason.choices)
    reopened_on = models.DateField(_("heropend op"), null=True, blank=True)
    goal_scores = models.JSONField(_("laatste scores van de doelen"), default=list, blank=True)

    class Meta:
        verbose_name = _("afsluiting")
        verbose_name_plural = _("afsluitingen")
        ordering = ["case", "closed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reopened_on__isnull=True) | Q(reopened_on__gte=F("closed_on")),
                name="case_closing_reopened_after_close",
            ),
        ]
        indexes = [models.Index(fields=["closed_on"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.closed_on:%d-%m-%Y}"

    @property
    def cbs_end_code(self) -> str | None:
        """The CBS end reason code of this closing (`CLOSING_CBS_CODES`)."""
        return CLOSING_CBS_CODES.get(self.reason)


class CaseTeamRole(models.TextChoices):
    COORDINATOR = "coordinator", _("regiehouder")
    MEMBER = "member", _("teamlid")
    FLEX_SPECIALIST = "flex_specialist", _("specialist flexibel netwerk")
    SPECIALIST = "specialist", _("specialist jeugdhulp")


class CaseTeamMember(models.Model):
    """Who works on a case, in which role, from when to when. Access to the case follows
    this period: a specialist who joined for a consultation sees the case only then."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_memberships"
    )
    role = models.CharField(_("rol"), max_length=20, choices=CaseTeamRole.choices)
    valid_from = models.DateField(_("vanaf"))
    valid_to = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("lid van het casusteam")
        verbose_name_plural = _("casusteam")
        ordering = ["valid_from", "id"]
        constraints = [
            # Exactly one coordinator at a time: never two open coordinator periods.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(role="coordinator", valid_to__isnull=True),
                name="case_one_current_coordinator",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="case_team_valid_period",
            ),
        ]
        indexes = [models.Index(fields=["user", "valid_from", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class PlanVersion(models.Model):
    """One saved version of the family's plan. Versions are never changed: every save adds
    the next number. `content` is checked by `services.plan.plan_content_parse`:

    goals        [{id, subject ("family" or a child's person public id), text,
                   scores: [{date, score 1–10, kind "start" | "evaluation"}]}]
    agreements   [{id, who, what, due (date or null), done}]
    network      [{name, relation (family/neighbour/club/school/other), contact}]
    next_evaluation  date or null
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plan_versions")
    number = models.PositiveIntegerField(_("versie"))
    created_at = models.DateTimeField(_("opgeslagen op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opgeslagen door"),
    )
    content = models.JSONField(_("inhoud"), default=dict)
    agreed_on = models.DateField(_("gezin stemt in op"), null=True, blank=True)
    agreed_by = models.CharField(_("ingestemd door"), max_length=200, blank=True)
    consent_parent = models.BooleanField(_("instemming ouder"), default=False)
    consent_youth = models.BooleanField(_("instemming jongere"), default=False)

    class Meta:
        verbose_name = _("versie van het plan")
        verbose_name_plural = _("versies van het plan")
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="plan_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="plan_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} v{self.number}"


class ContactKind(models.TextChoices):
    FACE_TO_FACE = "face_to_face", _("gesprek")
    PHONE = "phone", _("telefoon")
    VIDEO = "video", _("beeldbellen")
    HOME_VISIT = "home_visit", _("huisbezoek")
    CONSULTATION = "consultation", _("overleg of consultatie")


#: Kinds that are a contact with the family (a consultation is about them, not with them).
FAMILY_CONTACT_KINDS = frozenset(
    {ContactKind.FACE_TO_FACE, ContactKind.PHONE, ContactKind.VIDEO, ContactKind.HOME_VISIT}
)
MAX_CONTACT_MINUTES = 600


class JournalEntry(models.Model):
    """One contact or consultation: when, how, how long, with whom, what was said."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="journal")
    on = models.DateField(_("datum"))
    kind = models.CharField(_("soort contact"), max_length=20, choices=ContactKind.choices)
    duration_minutes = models.PositiveSmallIntegerField(_("duur in minuten"))
    with_whom = models.CharField(_("met wie"), max_length=200)
    note = models.TextField(_("verslag"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("auteur"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("journaalregel")
        verbose_name_plural = _("journaal")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["case", "on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=MAX_CONTACT_MINUTES),
                name="journal_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


DOCUMENTS_DIR = "documents"


def document_storage_name(instance: Document, filename: str) -> str:
    """A random name without the original one: the original name is kept in the row and
    sent back only in the download's Content-Disposition."""
    return f"{DOCUMENTS_DIR}/{uuid.uuid4().hex}"


class Document(models.Model):
    """A file attached to a case. The type is sniffed from the content (see
    services/filetypes.py); the file lives under MEDIA_ROOT with a random name and is
    sent only through the access-checked download view."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("bestand"), upload_to=document_storage_name, max_length=200)
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    content_type = models.CharField(_("soort bestand"), max_length=100)
    size = models.PositiveBigIntegerField(_("grootte in bytes"))
    sha256 = models.CharField(_("controlegetal (SHA-256)"), max_length=64)
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("toegevoegd door"),
    )
    uploaded_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name


class AdultService(models.TextChoices):
    WMO = "wmo", _("Wmo (maatschappelijke ondersteuning)")
    DEBT_HELP = "schuldhulp", _("schuldhulpverlening")
    ADULT_MENTAL_HEALTH = "ggz_volwassenen", _("ggz voor volwassenen")
    WORK_AND_INCOME = "werk_en_inkomen", _("werk en inkomen")
    OTHER = "other", _("anders")


class AdultServiceLink(models.Model):
    """A parent's link with services for adults: a fact, so the family is seen whole."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="adult_service_links")
    service = models.CharField(_("dienst"), max_length=20, choices=AdultService.choices)
    since = models.DateField(_("sinds"))
    note = models.CharField(_("toelichting"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("link met volwassenenzorg")
        verbose_name_plural = _("links met volwassenenzorg")
        ordering = ["since", "id"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.get_service_display()}"


class InvolvementKind(models.TextChoices):
    YOUTH_PROTECTION = "jeugdbescherming", _("jeugdbescherming")
    YOUTH_PROBATION = "jeugdreclassering", _("jeugdreclassering")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")


class ExternalInvolvement(models.Model):
    """The wider regional arrangement (GRJR) is involved with a child: outside the contract,
    so never a trajectory here; recorded so the plan can take it into account."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="external_involvements"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=InvolvementKind.choices)
    organisation = models.CharField(_("organisatie"), max_length=200)
    since = models.DateField(_("sinds"))
    until = models.DateField(_("tot en met"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("betrokkenheid buiten het contract")
        verbose_name_plural = _("betrokkenheid buiten het contract")
        ordering = ["since", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="involvement_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.get_kind_display()}"


class EmergencyReason(models.TextChoices):
    """Why a professional outside the case team opens a case (break the glass)."""

    CRISIS = "crisis", _("Acute crisis of onveilige situatie bij het gezin")
    SAFETY_SIGNAL = "signaal", _("Melding van Veilig Thuis, politie of crisisdienst")
    TEAM_UNREACHABLE = "onbereikbaar", _("Regiehouder en casusteam zijn niet bereikbaar")
    MEDICAL = "medisch", _("Medische noodsituatie van een kind of ouder")
    OTHER = "anders", _("Andere dringende reden (in de toelichting)")


class EmergencyReview(models.TextChoices):
    OPEN = "open", _("te beoordelen")
    APPROVED = "approved", _("goedgekeurd")
    FLAGGED = "flagged", _("gemarkeerd voor onderzoek")


class EmergencyAccess(models.Model):
    """A time-limited right to read one case for a professional outside its case team
    (decision 0077). It grants `Relation.EMERGENCY` while `starts_at <= now < ends_at`; the
    privacy officer reviews every one afterwards."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="emergency_accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_accesses"
    )
    reason = models.CharField(_("reden"), max_length=20, choices=EmergencyReason.choices)
    explanation = models.TextField(_("toelichting"), max_length=1000)
    starts_at = models.DateTimeField(_("vanaf"))
    ends_at = models.DateTimeField(_("tot"))
    review = models.CharField(
        _("beoordeling"),
        max_length=10,
        choices=EmergencyReview.choices,
        default=EmergencyReview.OPEN,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="emergency_reviews",
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    review_note = models.TextField(_("notitie bij de beoordeling"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("noodtoegang")
        verbose_name_plural = _("noodtoegangen")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="emergency_access_period"
            ),
            models.CheckConstraint(
                condition=~Q(review="flagged") | ~Q(review_note=""),
                name="emergency_access_flag_has_note",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "case", "ends_at"]),
            models.Index(fields=["review", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.case_id} ({self.starts_at:%Y-%m-%d %H:%M})"


class ConsentKind(models.TextChoices):
    """What the family consents to (decision 0079)."""

    SHARE_STATUS = "share_status", _("de verwijzer de status laten zien")
    SPECIALIST = "specialist", _("een specialist jeugdhulp betrekken")
    SCHOOL = "school", _("de school betrekken")
    ADULT_SERVICES = "adult_services", _("volwassenenzorg betrekken")
    PLAN = "plan", _("instemming met het plan")


class ConsentAction(models.TextChoices):
    GIVEN = "given", _("gegeven")
    WITHDRAWN = "withdrawn", _("ingetrokken")


class ConsentRecord(models.Model):
    """One consent given or withdrawn: what for, by whom, when. Records are never changed;
    the newest record of a kind for a case (or for a request, before it has a case)
    decides (decision 0079).

    `request_key` is the public id of the request (aanmelding) the consent was given with:
    the front door knows the case, the case does not know the front door, so the request
    is named by its id only. When the request gets a case, its records get the case too."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("waarvoor"), max_length=20, choices=ConsentKind.choices)
    action = models.CharField(
        _("gegeven of ingetrokken"), max_length=10, choices=ConsentAction.choices
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="consents"
    )
    request_key = models.UUIDField(_("aanmelding"), null=True, blank=True, db_index=True)
    plan_version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, null=True, blank=True, related_name="consents"
    )
    by_parent = models.BooleanField(_("door de ouder met gezag"), default=False)
    by_youth = models.BooleanField(_("door de jongere"), default=False)
    #: The age of the oldest child on `on`, as the age rule read it (None: unknown).
    oldest_age = models.PositiveSmallIntegerField(null=True, blank=True)
    given_by_name = models.CharField(_("naam"), max_length=200, blank=True)
    on = models.DateField(_("datum"))
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["case", "kind", "recorded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False) | Q(request_key__isnull=False),
                name="consent_for_case_or_request",
            ),
            models.CheckConstraint(
                condition=Q(by_parent=True) | Q(by_youth=True), name="consent_has_someone"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.action} {self.on}"

    @property
    def by_text(self) -> str:
        if self.by_parent and self.by_youth:
            return str(_("ouder en jongere"))
        return str(_("ouder met gezag") if self.by_parent else _("jongere"))

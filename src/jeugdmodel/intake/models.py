"""Requests for help (aanmeldingen) from every access point."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jeugdmodel.cases.models import Case
from jeugdmodel.families.models import Person, validate_bsn
from jeugdmodel.region.models import Municipality, Organisation, Team


class AccessPoint(models.TextChoices):
    """Where the request came in (domain.md: every access point)."""

    FAMILY = "family", _("gezin zelf (online formulier)")
    WIJKTEAM = "wijkteam", _("wijkteam")
    POH_JEUGD = "poh_jeugd", _("POH-jeugd bij de huisarts")
    SCHOOL_SPECIALIST = "school_specialist", _("gezinsspecialist van de school")
    PARTNER_SCHOOL = "partner_school", _("partner: school")
    PARTNER_GP = "partner_gp", _("partner: huisartsenpraktijk")
    PARTNER_WELFARE = "partner_welfare", _("partner: welzijn")
    LEGAL_GP = "legal_gp", _("wettelijk verwijzer: huisarts")
    LEGAL_YOUTH_DOCTOR = "legal_youth_doctor", _("wettelijk verwijzer: jeugdarts")
    LEGAL_MEDICAL_SPECIALIST = (
        "legal_medical_specialist",
        _("wettelijk verwijzer: medisch specialist"),
    )
    LEGAL_CERTIFIED_INSTITUTION = (
        "legal_certified_institution",
        _("wettelijk verwijzer: gecertificeerde instelling"),
    )
    LEGAL_COURT = "legal_court", _("wettelijk verwijzer: rechter")


LEGAL_ACCESS_POINTS = frozenset(
    {
        AccessPoint.LEGAL_GP,
        AccessPoint.LEGAL_YOUTH_DOCTOR,
        AccessPoint.LEGAL_MEDICAL_SPECIALIST,
        AccessPoint.LEGAL_CERTIFIED_INSTITUTION,
        AccessPoint.LEGAL_COURT,
    }
)


class Urgency(models.TextChoices):
    NORMAL = "normal", _("normaal")
    HIGH = "high", _("met voorrang")
    CRISIS = "crisis", _("crisis (vandaag)")


URGENCY_RANK = {Urgency.CRISIS: 0, Urgency.HIGH: 1, Urgency.NORMAL: 2}


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("ontvangen")
    ASSIGNED = "assigned", _("toegewezen")
    FIRST_CONTACT = "first_contact", _("eerste contact geweest")
    CLOSED = "closed", _("afgesloten")
    JOINED_CASE = "joined_case", _("nieuwe vraag bij lopende casus")
    FORWARDED_OUTSIDE = "forwarded_outside", _("doorgestuurd buiten de regio")


OPEN_STATUSES = frozenset({RequestStatus.RECEIVED})


class MeldcodeStep(models.TextChoices):
    """The five steps of the Dutch meldcode (huiselijk geweld en kindermishandeling)."""

    MAP_SIGNALS = "1_signals", _("stap 1: signalen in kaart gebracht")
    CONSULT = "2_consult", _("stap 2: collegiale consultatie / Veilig Thuis geraadpleegd")
    TALK = "3_talk", _("stap 3: gesprek met de betrokkene(n)")
    WEIGH = "4_weigh", _("stap 4: geweld of kindermishandeling gewogen")
    DECIDE = "5_decide", _("stap 5: besloten over hulp en/of melden bij Veilig Thuis")


class ParentalAuthority(models.TextChoices):
    """Who has parental authority over the child, as the requester says (a claim). Empty:
    not asked."""

    BOTH_PARENTS = "both_parents", _("beide ouders")
    ONE_PARENT = "one_parent", _("één ouder")
    GUARDIAN = "guardian", _("een voogd")
    UNKNOWN = "unknown", _("weet de aanmelder niet")


class Request(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    idempotency_key = models.CharField(max_length=64, unique=True)
    #: SHA-256 of what was submitted with the key: the same key with other data is refused
    #: with a message instead of silently answered with this request ("" on older rows).
    submission_digest = models.CharField(max_length=64, blank=True, default="")
    received_at = models.DateTimeField(_("ontvangen op"), db_index=True)
    access_point = models.CharField(_("toegang"), max_length=40, choices=AccessPoint.choices)
    # The referrer: an account, or (public form / partner system) the details given.
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_requests",
        verbose_name=_("aanmelder"),
    )
    referrer_name = models.CharField(_("naam aanmelder"), max_length=200, blank=True)
    referrer_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    referrer_agb = models.CharField(_("AGB-code verwijzer"), max_length=8, blank=True)
    referrer_brin = models.CharField(_("BRIN-code school"), max_length=6, blank=True)
    contact_phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    question = models.TextField(_("de vraag, in eigen woorden"))
    language = models.CharField(_("voorkeurstaal"), max_length=10, blank=True)
    topics = models.JSONField(_("onderwerpen"), default=list, blank=True)
    urgency = models.CharField(
        _("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    specialist_referral = models.BooleanField(
        _("verwijzing naar specialistische jeugdhulp"), default=False
    )
    # Safety first (meldcode).
    safety_concern = models.BooleanField(_("zorg over veiligheid"), default=False)
    meldcode_steps = models.JSONField(_("gezette meldcodestappen"), default=list, blank=True)
    safety_checked_at = models.DateTimeField(_("veiligheid beoordeeld op"), null=True, blank=True)
    safety_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    safety_note = models.TextField(_("beoordeling veiligheid"), blank=True)
    # Consent (domain.md: under 12 the parents with authority, 12–15 both, 16+ the youth):
    # the answer on the form as submitted. Whether the referrer may see the status now is
    # decided by the consent records (cases.ConsentRecord, decision 0079). None: not asked
    # (a request from before the public form asked it, or a question the age rule did not
    # need; ADR 0064).
    consent_parent = models.BooleanField(_("toestemming ouder"), null=True, default=None)
    consent_youth = models.BooleanField(_("toestemming jongere"), null=True, default=None)
    parental_authority = models.CharField(
        _("gezag"), max_length=20, blank=True, choices=ParentalAuthority.choices
    )
    # Routing.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    specialist_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="specialist_requests"
    )
    routing_note = models.CharField(_("routering"), max_length=300, blank=True)
    forwarded_to = models.CharField(_("doorgestuurd naar"), max_length=200, blank=True)
    # Work.
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_requests",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    first_contact_on = models.DateField(_("eerste contact op"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    is_repeat = models.BooleanField(_("herhaalde aanvraag"), default=False)
    possible_duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    client_hash = models.CharField(max_length=64, blank=True, db_index=True)
    #: The form session of a public-form request (spam.form_session_hash); empty otherwise.
    form_session_hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        indexes = [
            models.Index(fields=["team", "status"]),
            models.Index(fields=["specialist_team", "status"]),
            models.Index(fields=["referrer", "received_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="assigned") | Q(assigned_to__isnull=False),
                name="request_assigned_has_professional",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def received_on(self) -> date:
        from django.utils import timezone

        return timezone.localtime(self.received_at).date()


class PersonRole(models.TextChoices):
    CHILD = "child", _("kind / jongere")
    PARENT = "parent", _("ouder of verzorger")


class MatchState(models.TextChoices):
    """How a person named in a request relates to the people we already know.

    What a requester submits is a claim: a known person is only *proposed*, and nothing
    about them changes until a professional confirms the match in the triage step."""

    NEW = "", _("niet eerder bekend")
    PROPOSED = "proposed", _("mogelijk bekend: nog beoordelen")
    CONFIRMED = "confirmed", _("bevestigd: dezelfde persoon")
    REJECTED = "rejected", _("afgewezen: een andere persoon")


class MatchedOn(models.TextChoices):
    BSN = "bsn", _("hetzelfde BSN")
    NAME = "name", _("dezelfde naam, geboortedatum en postcodegebied")


class RequestPerson(models.Model):
    """A child or parent as named in the request (kept as given: a claim), linked to a
    person: a new one made from the claim, or a known one after a professional confirmed
    the proposed match."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("rol"), max_length=10, choices=PersonRole.choices)
    given_name = models.CharField(_("voornaam"), max_length=100)
    family_name = models.CharField(_("achternaam"), max_length=150)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    bsn = models.CharField(_("BSN"), max_length=9, blank=True, validators=[validate_bsn])
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=10, blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="request_mentions"
    )
    # A known person this claim may be about, proposed by the match; `person` stays empty
    # until a professional confirms it (or is a new person when they reject it).
    proposed_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="request_proposals",
        verbose_name=_("mogelijk bekende persoon"),
    )
    match = models.CharField(
        _("koppeling"),
        max_length=10,
        choices=MatchState.choices,
        default=MatchState.NEW,
        blank=True,
    )
    matched_on = models.CharField(
        _("gevonden op"), max_length=10, choices=MatchedOn.choices, blank=True
    )

    class Meta:
        verbose_name = _("persoon in aanmelding")
        verbose_name_plural = _("personen in aanmelding")
        ordering = ["role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(match="proposed")
                | Q(proposed_person__isnull=False, person__isnull=True),
                name="request_person_proposal_not_linked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def pc4(self) -> str:
        return self.postcode[:4]


class RequestEvent(models.Model):
    """What happened to a request: received, routed, safety check, assigned, forwarded…"""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("tijdstip"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("soort"), max_length=30)
    note = models.TextField(_("toelichting"), blank=True)
    from_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("gebeurtenis bij aanmelding")
        verbose_name_plural = _("gebeurtenissen bij aanmeldingen")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind}"


class RequestEscalation(models.Model):
    """An overdue crisis or safety request was escalated: one row per request and level, so
    the scheduled check sends each notice once however often it runs."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="escalations")
    level = models.PositiveSmallIntegerField(_("niveau"))
    due_at = models.DateTimeField(_("termijn verlopen op"))
    at = models.DateTimeField(_("geëscaleerd op"))

    class Meta:
        verbose_name = _("escalatie van een aanmelding")
        verbose_name_plural = _("escalaties van aanmeldingen")
        ordering = ["request_id", "level"]
        constraints = [
            models.UniqueConstraint(fields=["request", "level"], name="escalation_once_per_level"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.level}"

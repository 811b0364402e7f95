"""Letters about the switch: the template the functional admin edits, a bulk run as a
background job, and the zip of all letters. Every letter is recorded on its family and in
the access log (with the family's children as the people concerned)."""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from io import BytesIO
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.core.errors import DomainError
from jeugdmodel.jobs.api import job_enqueue
from jeugdmodel.region.models import RegionSwitch

from ..caseload import transitional_end
from ..letter_models import FamilyLetter, LetterBatch, LetterBatchStatus, LetterTemplate
from ..letters import (
    DEFAULT_BODY,
    DEFAULT_SUBJECT,
    ChildCare,
    LetterFacts,
    TemplateError,
    letter_blocks,
    template_check,
)
from ..letters_pdf import letter_pdf
from ..models import HandoverStatus, RunningClient

if TYPE_CHECKING:
    from jeugdmodel.accounts.models import User

Progress = Callable[..., None]


class LetterError(DomainError):
    """A letter template or run that cannot be used (Dutch message)."""


def letter_template_current() -> LetterTemplate | None:
    return LetterTemplate.objects.order_by("-version").first()


@transaction.atomic
def letter_template_save(*, actor: User, subject: str, body: str) -> LetterTemplate:
    """Save the text as the next version (an unchanged text makes no new version).
    An unknown or badly written placeholder is refused with a message that names it."""
    require(actor, Perm.TRANSITION_LETTERS)
    subject, body = subject.strip(), body.strip().replace("\r\n", "\n")
    for text in (subject, body):
        try:
            template_check(text)
        except TemplateError as exc:
            raise LetterError(str(exc)) from exc
    current = LetterTemplate.objects.select_for_update().order_by("-version").first()
    if current is not None and (current.subject, current.body) == (subject, body):
        return current
    template = LetterTemplate.objects.create(
        version=(current.version + 1) if current else 1,
        subject=subject,
        body=body,
        created_by=actor,
    )
    access_log_write(
        actor=actor,
        action=AccessAction.CREATE,
        record_type="transition.letter_template",
        record_id=template.version,
        event="transition.letter_template_saved",
    )
    return template


def _switch() -> RegionSwitch:
    switch = RegionSwitch.objects.order_by("region__code").first()
    if switch is None:
        raise LetterError(_("De overstap staat niet in het regiobestand; er kan geen brief komen."))
    return switch


def letter_clients() -> dict[int, list[RunningClient]]:
    """Family id → its running clients that still need the letter (not closed), in a
    few queries."""
    clients = (
        RunningClient.objects.exclude(status=HandoverStatus.CLOSED)
        .select_related("new_organisation", "team", "new_coordinator", "municipality")
        .order_by("family_id", "claimed_date_of_birth", "id")
    )
    out: dict[int, list[RunningClient]] = defaultdict(list)
    for client in clients:
        out[client.family_id].append(client)
    return out


def letter_facts(
    *, family_name: str, clients: list[RunningClient], switch: RegionSwitch, on: date
) -> LetterFacts:
    """What one family's letter says, from its running clients."""
    children = []
    contacts: list[str] = []
    teams: list[str] = []
    for client in clients:
        until = client.transitional_until
        if client.status == HandoverStatus.UNKNOWN:
            until = until or transitional_end(switch, client.productcode)
        children.append(
            ChildCare(
                given_name=client.claimed_given_names.split()[0]
                if client.claimed_given_names.split()
                else client.claimed_given_names,
                old_provider=client.provider_name,
                new_organisation=str(client.new_organisation.name),
                transitional_until=until if client.status != HandoverStatus.WARM_HANDOVER else None,
                warm_handover=client.status == HandoverStatus.WARM_HANDOVER,
            )
        )
        team = (
            client.team.name
            if client.team
            else _("het wijkteam in %(municipality)s") % {"municipality": client.municipality.name}
        )
        teams.append(team)
        coordinator = client.new_coordinator
        if coordinator is not None and coordinator.get_full_name():
            contacts.append(
                _("%(name)s van %(team)s") % {"name": coordinator.get_full_name(), "team": team}
            )
    first = clients[0]
    teams = list(dict.fromkeys(teams))
    return LetterFacts(
        family_name=family_name,
        children=tuple(children),
        contact=" en ".join(dict.fromkeys(contacts)) or teams[0],
        team=teams[0],
        switch_date=switch.switch_date,
        letter_date=on,
        address_lines=(
            _("Aan de ouders of verzorgers van %(children)s")
            % {"children": ", ".join(dict.fromkeys(c.given_name for c in children))}
            + f" {first.claimed_family_name}",
            f"{first.claimed_postcode} {first.claimed_house_number}".strip(),
            str(first.municipality.name),
        ),
    )


@transaction.atomic
def letter_batch_request(*, actor: User, letter_date: date | None = None) -> LetterBatch:
    """Queue a bulk run for every family with running care. Without a saved template the
    default text is saved first (version 1), so every letter points at its exact text."""
    from ..jobs import letters_build_job

    require(actor, Perm.TRANSITION_LETTERS)
    _switch()
    if (
        LetterBatch.objects.select_for_update()
        .filter(status__in=(LetterBatchStatus.QUEUED, LetterBatchStatus.RUNNING))
        .exists()
    ):
        raise LetterError(_("Er wordt al een reeks brieven gemaakt. Wacht tot die klaar is."))
    total = (
        RunningClient.objects.exclude(status=HandoverStatus.CLOSED)
        .values("family_id")
        .distinct()
        .count()
    )
    if total == 0:
        raise LetterError(_("Er zijn geen gezinnen met lopende zorg; er is geen brief te maken."))
    template = letter_template_current() or letter_template_save(
        actor=actor, subject=DEFAULT_SUBJECT, body=DEFAULT_BODY
    )
    batch = LetterBatch.objects.create(
        template=template,
        requested_by=actor,
        letter_date=letter_date or timezone.localdate(),
        families_total=total,
    )
    job = job_enqueue(
        letters_build_job, batch_id=batch.pk, idempotency_key=f"transition.letters:{batch.pk}"
    )
    batch.job_id = job.id
    batch.save(update_fields=["job_id"])
    access_log_write(
        actor=actor,
        action=AccessAction.CREATE,
        record_type="transition.letter_batch",
        record_id=batch.public_id,
        event="transition.letters_requested",
        details={"families": total, "template_version": template.version},
    )
    return batch


def _file_name(index: int, family_name: str) -> str:
    return f"{index:05d}-{slugify(family_name) or 'gezin'}.pdf"


def letter_batch_build(batch: LetterBatch, *, progress: Progress | None = None) -> LetterBatch:
    """Make the letters of a batch that are not made yet (a second run after a crash goes
    on where the first stopped), then the zip. Each letter is one transaction: the PDF,
    its row on the family and its access-log row."""
    switch = _switch()
    LetterBatch.objects.filter(pk=batch.pk).update(status=LetterBatchStatus.RUNNING)
    families = letter_clients()
    done = set(batch.letters.values_list("family_id", flat=True))
    names = dict(
        RunningClient.objects.filter(family_id__in=families.keys()).values_list(
            "family_id", "family__name"
        )
    )
    template = batch.template
    total = len(families)
    for count, (family_id, clients) in enumerate(families.items(), start=1):
        if family_id not in done:
            facts = letter_facts(
                family_name=names[family_id],
                clients=clients,
                switch=switch,
                on=batch.letter_date,
            )
            blocks = letter_blocks(subject=template.subject, body=template.body, facts=facts)
            subject = next(b.text for b in blocks if b.tag == "H1")
            pdf = letter_pdf(blocks, title=subject)
            with transaction.atomic():
                letter = FamilyLetter(
                    batch=batch, family_id=family_id, template=template, subject=subject[:300]
                )
                letter.pdf.save("brief.pdf", ContentFile(pdf), save=False)
                letter.save()
                access_log_write(
                    actor=batch.requested_by,
                    action=AccessAction.CREATE,
                    record_type="transition.family_letter",
                    record_id=letter.public_id,
                    subjects=[c.person_id for c in clients],
                    event="transition.letter_made",
                    details={"batch": str(batch.public_id), "template_version": template.version},
                )
        if progress is not None and (count % 25 == 0 or count == total):
            progress(done=count, total=total, message=_("Brieven maken"))
    _archive_write(batch)
    LetterBatch.objects.filter(pk=batch.pk).update(
        status=LetterBatchStatus.DONE, finished_at=timezone.now(), families_total=total
    )
    batch.refresh_from_db()
    return batch


def _archive_write(batch: LetterBatch) -> None:
    """The zip of every letter of the batch, in family-name order; replaces a zip that a
    killed run left."""
    buffer = BytesIO()
    letters = batch.letters.select_related("family").order_by("family__name", "id")
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, letter in enumerate(letters, start=1):
            with letter.pdf.open("rb") as handle:
                archive.writestr(_file_name(index, letter.family.name), handle.read())
    old = batch.archive.name
    batch.archive.save("brieven.zip", ContentFile(buffer.getvalue()), save=False)
    LetterBatch.objects.filter(pk=batch.pk).update(archive=batch.archive.name)
    if old:
        batch.archive.storage.delete(old)


def letter_batch_fail(batch_id: int) -> None:
    LetterBatch.objects.filter(pk=batch_id).update(
        status=LetterBatchStatus.FAILED, finished_at=timezone.now()
    )


def letter_archive_name(batch: LetterBatch) -> str:
    return f"brieven-overstap-{batch.created_at:%Y%m%d-%H%M}.zip"


def letter_download_name(letter: FamilyLetter) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", f"brief-overstap-{slugify(letter.family.name)}") + ".pdf"

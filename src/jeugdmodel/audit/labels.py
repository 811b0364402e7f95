"""Dutch names for what the access log stores as technical codes (role, record type, event),
so a privacy officer reads "Teamleider – casus bekeken", not "team_lead – case.view".
An unknown code is shown as it is stored: the log never hides what happened."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jeugdmodel.accounts.roles import Role

RECORD_TYPE_LABELS: dict[str, Promise] = {
    "access_log": _("toegangslog"),
    "adult_service_link": _("link met volwassenenzorg"),
    "api_token": _("API-token"),
    "case": _("casus"),
    "consent": _("toestemming"),
    "consultation": _("consultatie"),
    "council_report": _("raadsrapportage"),
    "document": _("document"),
    "emergency_access": _("noodtoegang"),
    "external_involvement": _("betrokkenheid buiten het contract"),
    "history_import": _("historie-import"),
    "inzage": _("inzageverzoek"),
    "ijw_message": _("iJw-bericht"),
    "job": _("achtergrondtaak"),
    "journal": _("journaal"),
    "level_change": _("op- of afschaling"),
    "notification": _("melding"),
    "person": _("persoon"),
    "plan": _("plan"),
    "request": _("aanmelding"),
    "team_membership": _("teamlidmaatschap"),
    "trajectory": _("traject"),
    "user": _("gebruiker"),
    "user_list": _("gebruikerslijst"),
}

EVENT_LABELS: dict[str, Promise] = {
    "access_log.review": _("toegangslog bekeken"),
    "access_log.export": _("selectie uit het toegangslog gedownload"),
    "access_log.unusual": _("rapport ongewone toegang bekeken"),
    "admin.user.list": _("gebruikerslijst bekeken (beheer)"),
    "admin.user.view": _("gebruiker bekeken (beheer)"),
    "api_token.create": _("API-token gemaakt"),
    "api_token.revoke": _("API-token ingetrokken"),
    "case.api_list": _("casussen opgevraagd via de API"),
    "case.home_list": _("casussen op de startpagina"),
    "case.opened": _("casus geopend"),
    "case.view": _("casus bekeken"),
    "consultation.view": _("consultatie bekeken"),
    "council_report.download": _("raadsrapportage gedownload"),
    "document.download": _("document gedownload"),
    "emergency.start": _("noodtoegang gevraagd en gegeven"),
    "emergency.refused": _("noodtoegang geweigerd"),
    "emergency.queue": _("noodtoegangen ter beoordeling bekeken"),
    "emergency.approve": _("noodtoegang goedgekeurd"),
    "emergency.flag": _("noodtoegang gemarkeerd voor onderzoek"),
    "history.import": _("historie geïmporteerd"),
    "inzage.download": _("inzagepakket gedownload"),
    "inzage.list": _("inzageverzoeken bekeken"),
    "inzage.produce": _("inzagepakket gemaakt"),
    "inzage.record": _("inzageverzoek vastgelegd"),
    "inzage.refused": _("inzageverzoek geweigerd: persoon niet te identificeren"),
    "inzage.view": _("inzageverzoek bekeken"),
    "ijw.resend": _("iJw-bericht opnieuw verstuurd"),
    "job.retry": _("taak opnieuw gestart"),
    "membership.add": _("teamlid toegevoegd"),
    "membership.delete": _("teamlid verwijderd"),
    "notification.list": _("meldingen bekeken"),
    "password.change": _("eigen wachtwoord gewijzigd"),
    "password.reset_by_admin": _("wachtwoord ingesteld door beheerder"),
    "password.reset_by_email": _("wachtwoord opnieuw ingesteld via e-mail"),
    "request.home_list": _("aanmeldingen op de startpagina"),
    "request.submit": _("aanmelding ingediend"),
    "request.view": _("aanmelding bekeken"),
    "request.match_confirm": _("bekende persoon bevestigd"),
    "request.match_proposals": _("voorstellen voor bekende personen bekeken"),
    "request.match_reject": _("voorstel voor bekende persoon afgewezen"),
    "transition.case_linked": _("casus gekoppeld aan lopende cliënt (overstap)"),
    "transition.client_view": _("lopende cliënt bekeken (overstap)"),
    "transition.dry_run": _("proefrun overstapimport"),
    "transition.handover_set": _("overdrachtsstatus gezet (overstap)"),
    "transition.imported": _("overstapimport uitgevoerd"),
    "transition.letter_downloaded": _("brief over de overstap geopend"),
    "transition.letter_made": _("brief over de overstap gemaakt"),
    "transition.letter_template_saved": _("brieftekst overstap bewaard"),
    "transition.letters_downloaded": _("brieven over de overstap gedownload (zip)"),
    "transition.letters_requested": _("brieven over de overstap aangevraagd"),
    "transition.product_mapped": _("product gekoppeld (overstap)"),
    "transition.product_unmapped": _("productkoppeling verwijderd (overstap)"),
    "transition.provider_mapped": _("aanbieder gekoppeld (overstap)"),
    "transition.provider_unmapped": _("aanbiederkoppeling verwijderd (overstap)"),
    "transition.worklist": _("overdrachtswerklijst bekeken (overstap)"),
    "request.worklist": _("werklijst bekeken"),
    "second_factor.enrol": _("tweede factor gekoppeld"),
    "second_factor.reset_by_admin": _("tweede factor gewist door beheerder"),
    "trajectory.duplicate_ended_by_migration": _("dubbel lopend traject beëindigd (migratie)"),
    "trajectory.duplicate_reopened_by_migration": _("dubbel traject weer geopend (migratie)"),
    "trajectory.end": _("traject beëindigd"),
    "trajectory.start": _("traject gestart"),
    "user.change": _("gebruiker gewijzigd"),
    "user.create": _("gebruiker aangemaakt"),
    "user.delete": _("gebruiker verwijderd"),
    "user.list": _("gebruikerslijst bekeken"),
    "user.role_change": _("rol gewijzigd"),
    "case.list": _("casussen bekeken"),
    "consultation.accept": _("consultatie aangenomen"),
    "consultation.advise": _("advies gegeven"),
    "consultation.ask": _("consultatie gevraagd"),
    "consultation.close": _("consultatie afgesloten"),
    "consultation.consultation_hour": _("spreekuur bekeken"),
    "consultation.queue": _("wachtrij bekeken"),
    "journal.add": _("journaalregel toegevoegd"),
    "membership.change": _("teamlid gewijzigd"),
    "request.close": _("aanmelding afgesloten"),
    "request.first_contact": _("eerste contact vastgelegd"),
    "request.forward": _("aanmelding doorgestuurd"),
    "request.safety_check": _("veiligheid beoordeeld"),
}


def role_label(code: str) -> str:
    try:
        return str(Role(code).label)
    except ValueError:
        return code


def record_type_label(code: str) -> str:
    return str(RECORD_TYPE_LABELS.get(code, code))


def event_label(code: str) -> str:
    return str(EVENT_LABELS.get(code, code))

"""What the confirmation page says before anything happens: what is erased, what stays
(linked to the pseudonym), and what it means for research. A fixed number of queries for
each kind of person, whatever their records hold."""

from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alisvest.models import ApiToken, Invitation
from funding.models import GrantStatementLine
from placements.models import Doctor
from research.erasure import labels
from research.models import Consent, ExportLog, Study, SurveyInvitation
from supervision.models import SupervisionSession


@dataclass
class Consequences:
    name: str  # who, as they are named today
    kind: str  # what they are, e.g. "Veileder"
    label: str  # what they will be called
    erased: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    research: list = field(default_factory=list)
    studies: list = field(default_factory=list)  # names of the studies affected


def _hours(minutes):
    return f"{(minutes or 0) / 60:.1f}".replace(".", ",")


def _research(consents, memberships=()):
    studies = sorted({c.study.name for c in consents} | {s.name for s in memberships})
    lines = [
        ngettext(
            "%(n)s forskningssamtykke trekkes og slettes, så pseudonymet ikke lenger kan "
            "knyttes til personen.",
            "%(n)s forskningssamtykker trekkes og slettes, så pseudonymene ikke lenger kan "
            "knyttes til personen.",
            len(consents),
        )
        % {"n": len(consents)},
    ]
    if consents:
        lines.append(
            _(
                "Personen er ikke med i fremtidige forskningsuttrekk. Uttrekk som alt er "
                "levert, endres ikke."
            )
        )
    if memberships:
        lines.append(
            ngettext(
                "Medlemskapet i %(n)s studie avsluttes; eksportloggen beholder uttrekkene "
                "personen tok, under pseudonymet.",
                "Medlemskapet i %(n)s studier avsluttes; eksportloggen beholder uttrekkene "
                "personen tok, under pseudonymet.",
                len(memberships),
            )
            % {"n": len(memberships)}
        )
    return lines, studies


def _account_lines(user):
    tokens = ApiToken.objects.filter(user=user).count()
    invitations = Invitation.objects.filter(email__iexact=user.email).count()
    lines = [
        _("Navn og e-post erstattes med pseudonymet, også i endringsloggen."),
        _(
            "Brukerkontoen stenges: passord, tofaktor, innloggingskoblinger (HelseID, "
            "ID-porten) og åpne økter."
        ),
    ]
    if tokens:
        lines.append(
            ngettext("%(n)s API-nøkkel slettes.", "%(n)s API-nøkler slettes.", tokens)
            % {"n": tokens}
        )
    if invitations:
        lines.append(
            ngettext(
                "%(n)s invitasjon får pseudonymet i stedet for navn og e-post.",
                "%(n)s invitasjoner får pseudonymet i stedet for navn og e-post.",
                invitations,
            )
            % {"n": invitations}
        )
    return lines


def _kept_for_user(user):
    sessions = SupervisionSession.objects.filter(supervisor=user).aggregate(
        n=Count("pk"), minutes=Sum("minutes")
    )
    exports = ExportLog.objects.filter(user=user).count()
    kept = []
    if sessions["n"]:
        kept.append(
            _(
                "%(n)s veiledningstime(r) (%(hours)s timer) personen førte som veileder blir "
                "stående, så ALIS-ens timer og tilskuddet fortsatt stemmer."
            )
            % {"n": sessions["n"], "hours": _hours(sessions["minutes"])}
        )
    if exports:
        kept.append(_("%(n)s forskningsuttrekk i eksportloggen.") % {"n": exports})
    kept.append(
        _(
            "Endringer personen har gjort, vurderinger, vedtak og oppgjør blir stående, "
            "merket med pseudonymet."
        )
    )
    return kept


def for_user(user):
    kind = labels.kind_of(user)
    doctor = Doctor.objects.filter(user=user).first()
    consents = list(Consent.objects.filter(user=user).select_related("study"))
    memberships = list(Study.objects.filter(members=user))
    if doctor is not None:
        consents += list(Consent.objects.filter(doctor=doctor).select_related("study"))
    research, studies = _research(consents, memberships)
    if doctor is not None:  # an ALIS is named after their register record
        kind = labels.Role.ALIS
    result = Consequences(
        name=user.name,
        kind=labels.kind_label(kind),
        label=labels.label(kind, doctor.pk if doctor else user.pk),
        erased=_account_lines(user),
        kept=_kept_for_user(user),
        research=research,
        studies=studies,
    )
    if doctor is not None:
        result.erased.insert(1, _("ALIS-ens HPR-nummer i registeret erstattes."))
        result.kept[:0] = [
            line for line in (_placements_line(doctor), _statements_line(doctor)) if line
        ]
    return result


def _placements_line(doctor):
    sessions = SupervisionSession.objects.filter(placement__doctor=doctor).count()
    return _(
        "%(p)s utdanningsstilling(er) og %(s)s veiledningstime(r) blir stående, knyttet til "
        "den anonyme personen, så statistikken fortsatt stemmer."
    ) % {"p": doctor.placements.count(), "s": sessions}


def _statements_line(doctor):
    """Issued statements are accounting documents the municipality must keep
    (bokføringsloven); GDPR art. 17(3)(b) lets them keep the name they were issued with."""
    lines = GrantStatementLine.objects.filter(placement__doctor=doctor).count()
    if not lines:
        return None
    return ngettext(
        "%(n)s linje i utstedte tilskuddsoppgjør beholder navnet: oppgjør er regnskapsbilag "
        "som skal oppbevares (bokføringsloven).",
        "%(n)s linjer i utstedte tilskuddsoppgjør beholder navnet: oppgjør er regnskapsbilag "
        "som skal oppbevares (bokføringsloven).",
        lines,
    ) % {"n": lines}


def for_doctor(doctor):
    if doctor.user_id:
        result = for_user(doctor.user)
        result.name = doctor.name
        return result
    consents = list(Consent.objects.filter(doctor=doctor).select_related("study"))
    research, studies = _research(consents)
    return Consequences(
        name=doctor.name,
        kind=labels.Role.ALIS.label,
        label=labels.label(labels.Role.ALIS, doctor.pk),
        erased=[_("Navn, e-post og HPR-nummer erstattes med pseudonymet, også i endringsloggen.")],
        kept=[line for line in (_placements_line(doctor), _statements_line(doctor)) if line],
        research=research,
        studies=studies,
    )


def for_survey_contact(invitation):
    invitations = list(
        SurveyInvitation.objects.filter(email__iexact=invitation.email).select_related(
            "wave__study"
        )
    )
    return Consequences(
        name=invitation.email,
        kind=_("Kontaktperson for undersøkelse"),
        label=labels.email("respondent", invitation.pk),
        erased=[
            ngettext(
                "E-postadressen fjernes fra %(n)s invitasjon, også i endringsloggen; ingen "
                "påminnelse sendes.",
                "E-postadressen fjernes fra %(n)s invitasjoner, også i endringsloggen; ingen "
                "påminnelse sendes.",
                len(invitations),
            )
            % {"n": len(invitations)}
        ],
        kept=[_("Svarene blir stående: de er kommunens svar, ikke personens.")],
        research=[_("Svarene er fortsatt med i studiens uttrekk, uten e-postadressen.")],
        studies=sorted({i.wave.study.name for i in invitations}),
    )


def for_participant(consent):
    research, studies = _research([consent])
    return Consequences(
        name=consent.name,
        kind=consent.get_category_display(),
        label=labels.label("participant", consent.pk),
        erased=[_("Navnet og samtykket slettes, også i endringsloggen.")],
        kept=[_("Intervjuer står med informantkode, uten navn, og blir stående.")],
        research=research,
        studies=studies,
    )

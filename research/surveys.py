"""Survey waves: recipients (every participating municipality, and people chosen from the
register or added by e-mail), one unguessable link each, and the versioned questionnaire.

A link is the invitation's id and nonce signed with the site's secret; it works until the
wave closes. A municipality without a health manager with a login is still invited: the
researcher gives an address or copies the link. A question with answers is never changed
in place: the change goes into the next version of the questionnaire, and each response
keeps the version it answered (the export says which)."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alisvest.models import MunicipalityUserObjectPermission
from alisvest.roles import access_of
from placements.models import Doctor, Municipality, SupervisorAssignment

from .models import Question, SurveyInvitation, SurveyWave
from .survey_answers import answer_form_class, save_answers
from .survey_links import claim, due_reminders, invitation_from, link_for, token_for
from .tasks import send_reminders, send_survey_email

# The links, claims and reminders live below this module (survey_links, tasks), and the
# answer form beside it (survey_answers); they are named here too, as the surveys' one
# address.
__all__ = [
    "WAVE_STATE_TEXT",
    "add_people",
    "answer_form_class",
    "claim",
    "codebook_questions",
    "due_reminders",
    "invitation_from",
    "invite_participants",
    "link_for",
    "managers_of",
    "register_people",
    "remove_question",
    "save_answers",
    "save_question",
    "send_reminders",
    "set_address",
    "token_for",
]

Role = SurveyInvitation.Role


def managers_of(municipality):
    return [
        p.user
        for p in MunicipalityUserObjectPermission.objects.filter(
            content_object=municipality, permission__codename="manage_municipality"
        ).select_related("user")
        if p.user.is_active
    ]


def _send(invitation):
    if invitation.email and invitation.sent_at is None:
        send_survey_email.delay_on_commit(invitation.pk, "invitation")
        return True
    return False


def _remember(wave, base_url):
    wave.base_url = base_url
    wave.save(update_fields=["base_url"])


def invite_participants(wave, base_url):
    """One invitation per participating municipality, with the health manager's address
    when there is one; e-mails go out after commit. Returns (invited, without_address):
    those without an address are invited too, their link to be copied or an address given."""
    _remember(wave, base_url)
    programme = wave.study.programme_id
    municipalities = Municipality.objects.in_programmes([programme]).current().order_by("name")
    invited, without = [], []
    for municipality in municipalities:
        managers = managers_of(municipality)
        invitation, _created = SurveyInvitation.objects.get_or_create(
            wave=wave,
            role=Role.MUNICIPALITY,
            municipality=municipality,
            defaults={"email": managers[0].email if managers else ""},
        )
        if not invitation.email and managers:  # a manager has a login since the last round
            invitation.email = managers[0].email
            invitation.save(update_fields=["email"])
        invited.append(invitation)
        if not invitation.email:
            without.append(invitation)
        _send(invitation)
    return invited, without


def add_people(wave, people, base_url, send=True):
    """people: [{"email", "name", "role", "municipality"}]. Returns (added, already): an
    address already invited to the wave is not invited twice."""
    _remember(wave, base_url)
    added, already = [], []
    for person in people:
        email = person["email"].strip()
        if wave.invitations.exclude(role=Role.MUNICIPALITY).filter(email__iexact=email).exists():
            already.append(email)
            continue
        invitation = SurveyInvitation.objects.create(
            wave=wave,
            role=person["role"],
            email=email,
            name=person.get("name", ""),
            municipality=person.get("municipality"),
        )
        added.append(invitation)
        if send:
            _send(invitation)
    return added, already


def set_address(invitation, email, base_url):
    """A municipality's address given by the researcher; the link goes out if it has not."""
    _remember(invitation.wave, base_url)
    invitation.email = email
    invitation.save(update_fields=["email"])
    return _send(invitation)


def register_people(study, user):
    """{key: person} of the study's programme: ALIS, supervisors and health managers with
    an address, as far as `user` may see them in the register (a researcher who is not
    the programme's leader sees nobody there and invites by e-mail). The key is what the
    form posts back."""
    programme = study.programme
    people = {}
    access = access_of(user)
    doctors = Doctor.objects.for_user(user).filter(programme=programme).exclude(email="")
    for doctor in doctors.prefetch_related("placements__municipality").order_by("name"):
        last = max(doctor.placements.all(), key=lambda p: p.start, default=None)
        people[f"alis-{doctor.pk}"] = _person(doctor, Role.ALIS, last and last.municipality)
    assignments = SupervisorAssignment.objects.for_user(user).filter(placement__programme=programme)
    for a in assignments.select_related("supervisor", "placement__municipality"):
        people.setdefault(
            f"veileder-{a.supervisor_id}",
            _person(a.supervisor, Role.SUPERVISOR, a.placement.municipality),
        )
    if not (access.superuser or programme.pk in access.led_programmes):
        return people
    participating = Municipality.objects.in_programmes([programme.pk])
    permissions = MunicipalityUserObjectPermission.objects.filter(
        content_object__in=participating,
        permission__codename="manage_municipality",
        user__is_active=True,
    ).select_related("user", "content_object")
    for p in permissions.order_by("content_object__name"):
        people.setdefault(f"leder-{p.user_id}", _person(p.user, Role.MANAGER, p.content_object))
    return people


def _person(who, role, municipality):
    return {"email": who.email, "name": who.name, "role": role, "municipality": municipality}


# --- Versions of the questionnaire -------------------------------------------------------


def _answered(wave, since):
    return wave.responses.filter(version__gte=since).exists()


def _open_version(wave):
    """The version a change goes into: the current one while nobody has answered it."""
    if wave.responses.filter(version=wave.version).exists():
        wave.version += 1
        wave.save(update_fields=["version"])
    return wave.version


def save_question(form):
    """Add or change a question. Before anyone answered the versions it is in, in place;
    after, the old question ends and a new one replaces it in the next version, and rules
    that depended on the old one follow the new one."""
    question = form.instance
    with transaction.atomic():
        wave = SurveyWave.objects.select_for_update().get(pk=question.wave_id)
        question.wave = wave
        if question.pk is None:
            question.since_version = _open_version(wave)
            return form.save()
        if not _answered(wave, question.since_version):
            return form.save()
        version = _open_version(wave)
        old = Question.objects.get(pk=question.pk)
        old.until_version = version
        old.save(update_fields=["until_version"])
        new = form.save(commit=False)
        new.pk = None
        new._state.adding = True
        new.replaces, new.since_version, new.until_version = old, version, None
        new.save()
        live = wave.questions.filter(until_version=None)
        live.filter(show_if=old).update(show_if=new)
        live.filter(required_if=old).update(required_if=new)
        return new


def dependants(question):
    return question.wave.questions.filter(until_version=None).filter(
        Q(show_if=question) | Q(required_if=question)
    )


def remove_question(question):
    """(removed, reason). Unanswered, the question is deleted; answered, it ends with the
    current version and its answers stay. A question other rules depend on stays."""
    if dependants(question).exists():
        return False, _("Andre spørsmål vises eller kreves ut fra dette: endre dem først.")
    with transaction.atomic():
        wave = SurveyWave.objects.select_for_update().get(pk=question.wave_id)
        if not _answered(wave, question.since_version):
            question.delete()
        else:
            question.until_version = _open_version(wave)
            question.save(update_fields=["until_version"])
    return True, ""


def codebook_questions(study):
    """One row per question and version range, for a codebook: the key the export's
    `sporsmal` column holds, the versions it belongs to, its text in the three languages,
    its kind, options and rules (by key), and the question it replaced."""
    questions = Question.objects.filter(wave__study=study).order_by("wave", "position", "pk")
    return [
        {
            "undersokelse": q.wave_id,
            "sporsmal": q.key,
            "fra_versjon": q.since_version,
            "til_versjon": q.until_version,
            "erstatter": f"q{q.replaces_id}" if q.replaces_id else "",
            "tekst": q.text,
            "tekst_nn": q.text_nn,
            "tekst_en": q.text_en,
            "type": q.kind,
            "alternativer": list(q.choices),
            "vis_hvis": f"q{q.show_if_id}={q.show_if_value}" if q.show_if_id else "",
            "ma_besvares_hvis": (
                f"q{q.required_if_id}={q.required_if_value}" if q.required_if_id else ""
            ),
        }
        for q in questions
    ]


WAVE_STATE_TEXT = {
    "not_open": _("Undersøkelsen er ikke åpnet ennå."),
    "closed": _("Undersøkelsen er stengt, og lenken virker ikke lenger."),
}

"""Minutes of a session (objectives from the catalogue, what was agreed, follow-ups that
come back next time) and the ALIS's reflections: who sees them, the rules, the API."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from alisvest.factories import UserFactory
from alisvest.models import ApiToken
from alisvest.roles import Role, grant_role
from placements.models import LearningObjective
from placements.plans import services as plan_services
from placements.plans.models import PlanPeriod
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from supervision import record
from supervision.factories import SupervisionSessionFactory
from supervision.models import Reflection, SessionMinutes, SupervisionSession

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def api(client, user):
    _token, raw = ApiToken.issue(user, "test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


@pytest.fixture
def dan(db):
    user = UserFactory(email="dan@example.no", name="Dan Dale")
    grant_role(user, Role.ALIS)
    return user


@pytest.fixture
def placement(programme, bergen_centre, carol, dan):
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale", user=dan),
        centre=bergen_centre,
        start=TODAY - timedelta(days=400),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return placement


@pytest.fixture
def objectives(programme):
    return [
        LearningObjective.objects.create(
            programme=programme, code=code, group=group, text=f"Mål {code}", order=i
        )
        for i, (code, group) in enumerate(
            [("ALM-1", "Allmennmedisin"), ("ALM-2", "Allmennmedisin"), ("FKM-3", "Felles")]
        )
    ]


@pytest.fixture
def minuted(placement, carol, objectives):
    session = SupervisionSessionFactory(
        placement=placement, supervisor=carol, date=TODAY - timedelta(days=7), topics=""
    )
    record.save_minutes(
        session,
        by=carol,
        objectives=objectives[:2],
        agreed="Dan leser retningslinjen for KOLS",
        follow_ups="Gå gjennom tre KOLS-pasienter",
    )
    return session


def form_data(**overrides):
    return {"date": TODAY.isoformat(), "minutes": "60", "kind": "individuell"} | overrides


# --- Logging with minutes -----------------------------------------------------------------


def test_supervisor_logs_a_session_with_objectives_picked_from_the_catalogue(
    client_for, carol, placement, objectives
):
    client = client_for(carol)
    url = reverse("supervision:session_create", args=[placement.pk])
    page = client.get(url).content.decode()
    assert 'name="learning_objectives"' not in page  # the typed codes are gone
    assert f'value="{objectives[2].pk}"' in page and "<details" in page
    response = client.post(
        url,
        form_data(objectives=[objectives[0].pk, objectives[2].pk], agreed="Les om astma"),
    )
    assert response.status_code == 302
    session = SupervisionSession.objects.get()
    assert set(session.record.objectives.all()) == {objectives[0], objectives[2]}
    assert session.record.agreed == "Les om astma"


def test_a_session_without_minutes_has_no_minutes_row(client_for, carol, placement):
    client_for(carol).post(reverse("supervision:session_create", args=[placement.pk]), form_data())
    assert SupervisionSession.objects.count() == 1
    assert not SessionMinutes.objects.exists()


def test_an_objective_of_another_programme_is_refused_and_nothing_typed_is_lost(
    client_for, carol, placement
):
    other = LearningObjective.objects.create(
        programme=PlacementFactory().programme, code="X-1", group="Annet", text="Fremmed"
    )
    response = client_for(carol).post(
        reverse("supervision:session_create", args=[placement.pk]),
        form_data(objectives=[other.pk], agreed="Beholdes"),
    )
    assert response.status_code == 200
    assert "objectives" in response.context["form"].errors
    assert "Beholdes" in response.content.decode()
    assert not SupervisionSession.objects.exists()
    with pytest.raises(Exception, match="katalog"):
        record.check_objectives(placement, [other])


def test_follow_ups_reappear_when_the_next_session_is_logged_and_are_kept_as_context(
    client_for, carol, placement, minuted
):
    client = client_for(carol)
    url = reverse("supervision:session_create", args=[placement.pk])
    page = client.get(url).content.decode()
    assert "Gå gjennom tre KOLS-pasienter" in page
    client.post(url, form_data(agreed="To av tre gjennomgått"))
    new = SupervisionSession.objects.exclude(pk=minuted.pk).get()
    assert new.record.follows_up == minuted
    # The newest follow-ups are the ones that come back: the new session left none, so the
    # old ones still stand until a later session writes its own.
    assert record.previous_follow_ups(placement) == minuted


def test_editing_minutes_keeps_the_history(client_for, carol, minuted, objectives):
    url = reverse("supervision:session_edit", args=[minuted.pk])
    client = client_for(carol)
    form = client.get(url).context["form"]
    assert form["agreed"].value() == "Dan leser retningslinjen for KOLS"
    response = client.post(
        url,
        form_data(
            date=minuted.date.isoformat(), objectives=[objectives[2].pk], agreed="Endret avtale"
        ),
    )
    assert response.status_code == 302
    minuted.record.refresh_from_db()
    assert list(minuted.record.objectives.all()) == [objectives[2]]
    agreed = list(minuted.record.history.values_list("agreed", flat=True))
    assert agreed[0] == "Endret avtale" and "Dan leser retningslinjen for KOLS" in agreed


def test_the_alis_sees_the_minutes_when_confirming(client_for, dan, minuted):
    page = client_for(dan).get(reverse("supervision:home")).content.decode()
    assert "Dan leser retningslinjen for KOLS" in page and "ALM-1" in page


# --- Who sees the minutes -----------------------------------------------------------------


def test_minutes_scope(dan, carol, liv, alice, bob, erin, stein, minuted):
    def sees(user):
        return SessionMinutes.objects.for_user(user).exists()

    assert sees(dan) and sees(carol) and sees(liv)
    assert not sees(alice)  # the placement's own health manager
    assert not sees(bob)  # another municipality's
    assert not sees(erin)  # a researcher of the programme
    assert not sees(stein)  # the steering group


def test_a_former_supervisor_still_sees_the_minutes(placement, minuted):
    former = UserFactory()
    grant_role(former, Role.SUPERVISOR)
    placement.supervisor_assignments.update(start=placement.start + timedelta(days=31))
    SupervisorAssignmentFactory(
        placement=placement,
        supervisor=former,
        start=placement.start,
        end=placement.start + timedelta(days=30),
    )
    assert SessionMinutes.objects.for_user(former).exists()
    assert not SessionMinutes.objects.for_user(UserFactory()).exists()


def test_the_health_manager_sees_the_hours_but_not_the_minutes(client_for, alice, minuted):
    page = client_for(alice).get(reverse("supervision:placement", args=[minuted.placement_id]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "60" in text and "KOLS" not in text and "ALM-1" not in text


def test_the_api_gives_minutes_to_the_alis_and_nobody_outside(
    client, dan, alice, bob, erin, minuted
):
    response = api(client, dan).get("/api/v1/session-minutes/")
    assert [m["session"] for m in response.json()["results"]] == [minuted.pk]
    pk = minuted.record.pk
    for user in (alice, bob, erin):
        client = api(client, user)
        assert client.get("/api/v1/session-minutes/").json()["results"] == []
        assert client.get(f"/api/v1/session-minutes/{pk}/").status_code == 404
    # The session itself carries no minutes for the manager who may read it.
    session = api(client, alice).get(f"/api/v1/supervision-sessions/{minuted.pk}/").json()
    assert "learning_objectives" not in session and "KOLS" not in str(session)


def test_the_supervisor_writes_minutes_over_the_api(client, carol, dan, placement, objectives):
    session = SupervisionSessionFactory(placement=placement, supervisor=carol, date=TODAY)
    body = {"session": session.pk, "objectives": [objectives[1].pk], "follow_ups": "Astma"}
    response = api(client, carol).post(
        "/api/v1/session-minutes/", body, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["objectives"] == [objectives[1].pk]
    again = api(client, carol).post(
        "/api/v1/session-minutes/", body, content_type="application/json"
    )
    assert again.status_code == 400 and "session" in again.json()
    pk = response.json()["id"]
    refused = api(client, dan).patch(
        f"/api/v1/session-minutes/{pk}/",
        {"agreed": "Jeg skriver selv"},
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_the_api_refuses_an_objective_from_another_catalogue(client, carol, placement):
    other = LearningObjective.objects.create(
        programme=PlacementFactory().programme, code="X-1", group="Annet", text="Fremmed"
    )
    session = SupervisionSessionFactory(placement=placement, supervisor=carol, date=TODAY)
    response = api(client, carol).post(
        "/api/v1/session-minutes/",
        {"session": session.pk, "objectives": [other.pk]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "objectives" in response.json()


def test_minutes_are_short_in_the_database_too(minuted):
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionMinutes.objects.filter(pk=minuted.record.pk).update(agreed="x" * 2001)


# --- Reflections --------------------------------------------------------------------------


@pytest.fixture
def reflections(dan, placement, minuted, objectives):
    shared = record.save_reflection(
        Reflection(placement=placement, session=minuted, text="Jeg ble tryggere", shared=True),
        by=dan,
    )
    private = record.save_reflection(
        Reflection(placement=placement, objective=objectives[0], text="Usikker på dette"),
        by=dan,
    )
    return shared, private


def test_private_reflections_only_the_alis_shared_ones_also_the_supervisor(
    dan, carol, liv, alice, erin, reflections
):
    shared, private = reflections
    assert set(Reflection.objects.for_user(dan)) == {shared, private}
    assert list(Reflection.objects.for_user(carol)) == [shared]
    for user in (liv, alice, erin):
        assert not Reflection.objects.for_user(user).exists()


def test_the_alis_writes_a_reflection_on_a_plan_period(client_for, dan, placement):
    plan = plan_services.create_plan(placement)
    period = PlanPeriod.objects.create(
        plan=plan,
        kind="apen_praksis",
        start=placement.start,
        end=placement.start + timedelta(days=90),
    )
    client = client_for(dan)
    url = reverse("supervision:reflection_create", args=[placement.pk])
    assert f"period:{period.pk}" in client.get(url).content.decode()
    response = client.post(
        url, {"subject": f"period:{period.pk}", "text": "Godt år", "shared": "False"}
    )
    assert response.status_code == 302
    reflection = Reflection.objects.get()
    assert (reflection.period, reflection.shared, reflection.author) == (period, False, dan)
    page = client.get(reverse("placements:my_plan")).content.decode()
    assert "Godt år" in page


def test_a_reflection_needs_a_subject_and_a_text(client_for, dan, placement):
    url = reverse("supervision:reflection_create", args=[placement.pk])
    response = client_for(dan).post(url, {"subject": "", "text": "Beholdes", "shared": "True"})
    assert response.status_code == 400
    assert "subject" in response.context["form"].errors
    assert "Beholdes" in response.content.decode()
    with pytest.raises(IntegrityError), transaction.atomic():
        Reflection.objects.create(placement=placement, author=dan, text="Uten emne")


def test_a_reflection_on_another_placements_session_is_refused(client, dan, placement, carol):
    foreign = SupervisionSessionFactory(date=TODAY)
    response = api(client, dan).post(
        "/api/v1/reflections/",
        {"placement": placement.pk, "session": foreign.pk, "text": "Feil time"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "subject" in response.json()


def test_only_the_alis_writes_reflections(client_for, carol, liv_mfa, placement):
    url = reverse("supervision:reflection_create", args=[placement.pk])
    assert client_for(carol).get(url).status_code == 403
    assert client_for(liv_mfa).get(url).status_code == 403


def test_the_supervisor_reads_only_shared_reflections_on_the_page(client_for, carol, reflections):
    shared, _private = reflections
    page = client_for(carol).get(reverse("supervision:placement", args=[shared.placement_id]))
    text = page.content.decode()
    assert "Jeg ble tryggere" in text and "Usikker på dette" not in text
    private_url = reverse("supervision:reflection_edit", args=[_private.pk])
    assert client_for(carol).get(private_url).status_code == 404


def test_the_alis_changes_and_deletes_a_reflection_with_history(client_for, dan, reflections):
    shared, _private = reflections
    client = client_for(dan)
    url = reverse("supervision:reflection_edit", args=[shared.pk])
    response = client.post(
        url, {"subject": shared.subject_key, "text": "Endret", "shared": "False"}
    )
    assert response.status_code == 302
    shared.refresh_from_db()
    assert (shared.text, shared.shared) == ("Endret", False)
    assert shared.history.count() == 2
    client.post(reverse("supervision:reflection_delete", args=[shared.pk]))
    assert not Reflection.objects.filter(pk=shared.pk).exists()


def test_services_refuse_the_wrong_writer(carol, dan, placement, reflections):
    shared, _private = reflections
    with pytest.raises(Exception, match="ALIS"):
        record.save_reflection(
            Reflection(placement=placement, session=shared.session, text="x"), by=carol
        )
    with pytest.raises(Exception, match="skrev"):
        record.delete_reflection(shared, by=carol)

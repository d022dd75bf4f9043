"""Supervisors, absences and recruitment rounds on the placement and municipality pages, and
a supervisor's "Mine ALIS"."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse

from placements.models import (
    Absence,
    Placement,
    RecruitmentRound,
    SupervisorAssignment,
)
from placements.municipalities.factories import MedicalCentreFactory
from placements.register.factories import (
    AbsenceFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)
from placements.register.services import move_planned_end

pytestmark = pytest.mark.django_db


@pytest.fixture
def kari(programme, participating, bergen):
    return PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        doctor__name="Kari Aktiv",
        centre=MedicalCentreFactory(municipality=bergen),
        start=date(2024, 1, 1),
        planned_end=date(2029, 1, 1),
    )


@pytest.fixture
def per(programme, participating, stord):
    return PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        doctor__name="Per Stord",
        centre=MedicalCentreFactory(municipality=stord),
        start=date(2024, 1, 1),
        planned_end=date(2029, 1, 1),
    )


def assign(client, placement, supervisor, start, **extra):
    data = {
        "veileder-supervisor": supervisor.pk,
        "veileder-start": start,
        "veileder-is_specialist": "on",
        "veileder-same_centre": "on",
    }
    data.update(extra)
    return client.post(reverse("placements:supervisor_assign", args=[placement.pk]), data)


def test_new_supervisor_ends_the_current_one_the_day_before(client_for, alice, carol, kari):
    from alisvest.roles import Role
    from tests.conftest import person

    client = client_for(alice)
    assert assign(client, kari, carol, "2024-01-01").status_code == 302
    dave = person("dave@kvam.kommune.no", "Dave Dahl", Role.SUPERVISOR)
    response = assign(client, kari, dave, "2025-03-01", **{"veileder-same_centre": ""})
    assert response.status_code == 302
    first, second = kari.supervisor_assignments.order_by("start")
    assert first.end == date(2025, 2, 28)
    assert (second.supervisor, second.end, second.same_centre) == (dave, None, False)
    page = client.get(reverse("placements:placement_detail", args=[kari.pk])).content.decode()
    assert "Veilederen arbeider ikke på samme legesenter." in page


def test_supervisor_before_the_current_start_is_explained(client_for, alice, carol, kari):
    client = client_for(alice)
    assign(client, kari, carol, "2024-06-01")
    response = assign(client, kari, carol, "2024-02-01")
    assert response.status_code == 200
    assert "Stillingen har allerede en veileder fra 01.06.2024" in response.content.decode()
    assert kari.supervisor_assignments.count() == 1


def test_overlapping_supervisors_are_refused_by_the_database(kari, carol):
    SupervisorAssignmentFactory(placement=kari, supervisor=carol, start=date(2024, 1, 1))
    with pytest.raises(IntegrityError):
        SupervisorAssignmentFactory(placement=kari, start=date(2024, 6, 1))


def test_bob_cannot_assign_in_bergen(client_for, bob, carol, kari):
    assert assign(client_for(bob), kari, carol, "2024-01-01").status_code == 404
    assert not SupervisorAssignment.objects.exists()


def test_supervisor_sees_only_own_alis(client_for, carol, kari, per):
    SupervisorAssignmentFactory(placement=kari, supervisor=carol, start=date(2024, 1, 1))
    client = client_for(carol)
    response = client.get(reverse("placements:my_alis"))
    assert [a.placement.doctor.name for a in response.context["current"]] == ["Kari Aktiv"]
    assert response.context["alis_count"] == 1
    assert client.get(reverse("placements:placement_detail", args=[per.pk])).status_code == 404
    assert SupervisorAssignment.objects.for_user(carol).count() == 1
    assert Absence.objects.for_user(carol).count() == 0
    # She reads the placement page, but may not change it.
    assert assign(client, kari, carol, "2025-01-01").status_code == 403


def test_my_alis_shows_earlier_alis_and_hours(client_for, carol, kari, programme, bergen):
    from supervision.models import SupervisionSession
    from supervision.services import run_monthly_check

    old = PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        doctor__name="Ola Gammel",
        centre=kari.centre,
        start=date(2017, 9, 1),
        actual_end=date(2018, 5, 1),
        end_reason=Placement.EndReason.FAMILY,
    )
    SupervisorAssignmentFactory(placement=old, supervisor=carol)
    SupervisorAssignmentFactory(placement=kari, supervisor=carol)
    year = date.today().year
    month = date(year, 1, 1)
    SupervisionSession.objects.create(
        placement=kari, supervisor=carol, date=month.replace(day=10), minutes=90
    )
    run_monthly_check(month, notify=False)
    response = client_for(carol).get(reverse("placements:my_alis"))
    context = response.context
    assert [a.placement.doctor.name for a in context["earlier"]] == ["Ola Gammel"]
    assert context["logged_hours"] == 1.5
    assert context["required_hours"] == 2.0
    assert "Mine ALIS" in response.content.decode()


def test_long_parental_leave_prompts_and_moves_the_planned_end(client_for, alice, kari):
    client = client_for(alice)
    response = client.post(
        reverse("placements:absence_create", args=[kari.pk]),
        {
            "fravaer-kind": "foreldrepermisjon",
            "fravaer-start": "2025-01-01",
            "fravaer-end": "2025-06-29",
            "fravaer-substitute_arranged": "on",
        },
    )
    absence = Absence.objects.get()
    assert response["Location"].endswith(f"#flytt-slutt-{absence.pk}")
    page = client.get(reverse("placements:placement_detail", args=[kari.pk])).content.decode()
    assert "Flytt planlagt slutt med 180 dager?" in page
    response = client.post(
        reverse("placements:absence_move_end", args=[kari.pk, absence.pk]), {"svar": "ja"}
    )
    kari.refresh_from_db()
    assert kari.planned_end == date(2029, 1, 1) + timedelta(days=180)
    page = client.get(reverse("placements:placement_detail", args=[kari.pk])).content.decode()
    assert "Flytt planlagt slutt med" not in page  # asked once
    # A second press does not move it again.
    client.post(reverse("placements:absence_move_end", args=[kari.pk, absence.pk]), {"svar": "ja"})
    kari.refresh_from_db()
    assert kari.planned_end == date(2029, 1, 1) + timedelta(days=180)


def test_declining_keeps_the_end_and_short_absence_does_not_prompt(client_for, alice, kari):
    course = AbsenceFactory(
        placement=kari, kind=Absence.Kind.COURSE, start=date(2025, 1, 1), end=date(2025, 3, 1)
    )
    leave = AbsenceFactory(
        placement=kari, kind=Absence.Kind.LEAVE, start=date(2026, 1, 1), end=date(2026, 3, 1)
    )
    client = client_for(alice)
    page = client.get(reverse("placements:placement_detail", args=[kari.pk])).content.decode()
    assert f"flytt-slutt-{leave.pk}" in page
    assert f"flytt-slutt-{course.pk}" not in page
    client.post(reverse("placements:absence_move_end", args=[kari.pk, leave.pk]), {"svar": "nei"})
    kari.refresh_from_db()
    assert kari.planned_end == date(2029, 1, 1)
    leave.refresh_from_db()
    assert leave.end_decision == Absence.EndDecision.KEPT


def test_move_planned_end_is_recorded_in_history(alice, kari):
    move_planned_end(kari, by=alice, days=30)
    kari.refresh_from_db()
    assert kari.planned_end == date(2029, 1, 31)
    assert kari.history.first().history_change_reason == "Planlagt slutt flyttet 30 dager"


def test_absence_period_is_explained(client_for, alice, kari):
    response = client_for(alice).post(
        reverse("placements:absence_create", args=[kari.pk]),
        {"fravaer-kind": "sykdom", "fravaer-start": "2025-02-10", "fravaer-end": "2025-02-01"},
    )
    assert "«Til» kan ikke være før «fra»." in response.content.decode()
    assert not Absence.objects.exists()


def test_manager_records_a_recruitment_round(client_for, bob, per):
    client = client_for(bob)
    url = reverse("placements:recruitment_round_create", args=["4614"])
    response = client.post(
        url,
        {
            "programme": per.programme_id,
            "label": "Våren 2025",
            "date": "2025-03-01",
            "applicants": "3",
            "hired": "4",
        },
    )
    assert "Kan ikke ansette flere enn det var søkere." in response.content.decode()
    data = {
        "programme": per.programme_id,
        "label": "Våren 2025",
        "date": "2025-03-01",
        "applicants": "9",
        "hired": "1",
    }
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("placements:municipality_detail", args=["4614"])).content.decode()
    assert "Våren 2025" in page and "Per Stord" in page
    # Bob may not record one for Bergen.
    bergen_url = reverse("placements:recruitment_round_create", args=["4601"])
    assert client.post(bergen_url, data).status_code in {403, 404}
    assert RecruitmentRound.objects.count() == 1


def test_seed_demo_has_the_phase_one_placements(register):
    from io import StringIO

    from django.core.management import call_command

    from alisvest.models import User

    call_command("seed_demo", stdout=StringIO())
    counts = (Placement.objects.count(), SupervisorAssignment.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Placement.objects.count(), SupervisorAssignment.objects.count()) == counts
    phase_one = Placement.objects.filter(start__lte=date(2018, 12, 31), programme__slug="alis-vest")
    assert phase_one.count() >= 16
    assert phase_one.filter(start=date(2017, 9, 1)).count() == 14
    assert phase_one.filter(municipality__number="1238", start__year=2018).exists()  # Kvam
    left_in_first_year = phase_one.filter(start=date(2017, 9, 1), actual_end__lte=date(2018, 8, 31))
    assert left_in_first_year.count() == 5
    assert set(left_in_first_year.values_list("end_reason", flat=True)) == {
        Placement.EndReason.FAMILY,
        Placement.EndReason.NOT_GENERAL_PRACTICE,
        Placement.EndReason.OWN_LIST,
        Placement.EndReason.PAY_CONDITIONS,
    }
    assert all(p.supervisor_assignments.exists() for p in phase_one)
    # A 2017 record still reads Odda; the shared post names Modalen.
    assert phase_one.filter(municipality__name="Odda").count() == 2
    assert phase_one.get(second_municipality__name="Modalen").municipality.name == "Masfjorden"
    carol = User.objects.get(email="carol@demo.alisvest.no")
    assert SupervisorAssignment.objects.filter(
        supervisor=carol, placement__start=date(2017, 9, 1)
    ).exists()


def test_manager_registers_a_placement_in_own_municipality(
    client_for, alice, programme, bergen, participating
):
    from placements.register.factories import DoctorFactory

    doctor = DoctorFactory(programme=programme, registered_by=bergen)
    centre = MedicalCentreFactory(municipality=bergen)
    client = client_for(alice)
    form = client.get(reverse("placements:placement_create")).context["form"]
    assert list(form.fields["programme"].queryset) == [programme]
    response = client.post(
        reverse("placements:placement_create"),
        {
            "programme": programme.pk,
            "doctor": doctor.pk,
            "municipality": bergen.pk,
            "centre": centre.pk,
            "contract_type": "fastlonn",
            "position_percent": "100",
            "list_length": "700",
            "other_work_percent": "0",
            "start": "2025-01-01",
        },
    )
    assert response.status_code == 302
    assert Placement.objects.get(doctor=doctor).planned_end == date(2030, 1, 1)


def test_alis_records_own_absence_but_cannot_move_the_end(client_for, kari, per):
    from alisvest.roles import Role
    from tests.conftest import person

    dan = person("dan@example.no", "Kari Aktiv", Role.ALIS)
    kari.doctor.user = dan
    kari.doctor.save()
    client = client_for(dan)
    data = {"fravaer-kind": "foreldrepermisjon", "fravaer-start": "2025-01-01",
            "fravaer-end": "2025-06-29"}  # fmt: skip
    response = client.post(reverse("placements:absence_create", args=[kari.pk]), data)
    assert response.status_code == 302
    absence = Absence.objects.get()
    page = client.get(reverse("placements:placement_detail", args=[kari.pk])).content.decode()
    assert "Flytt planlagt slutt med" not in page
    move = reverse("placements:absence_move_end", args=[kari.pk, absence.pk])
    assert client.post(move, {"svar": "ja"}).status_code == 403
    other = reverse("placements:absence_create", args=[per.pk])
    assert client.post(other, data).status_code == 404


def test_researcher_sees_no_doctor_names(client_for, erin_mfa, kari):
    client = client_for(erin_mfa)
    response = client.get(reverse("placements:doctor_list"))
    assert list(response.context["doctors"]) == []
    assert client.get(reverse("placements:doctor_detail", args=[kari.doctor_id])).status_code == 404


def test_manager_administers_2017_records_of_the_former_municipality(
    client_for, alice, carol, programme, participating, register, bergen
):
    bergen_1201 = register.get(number="1201")
    old = PlacementFactory(
        programme=programme,
        doctor__programme=programme,
        municipality=bergen_1201,
        centre=MedicalCentreFactory(municipality=bergen),
        start=date(2017, 9, 1),
    )
    client = client_for(alice)
    page = client.get(reverse("placements:placement_detail", args=[old.pk])).content.decode()
    assert "Ny veileder" in page
    assert assign(client, old, carol, "2017-09-01").status_code == 302


def test_assignment_form_offers_the_municipalitys_supervisors_and_finds_others(
    client_for, alice, carol, kari, per
):
    """The list holds the supervisors already in the municipality, not the whole country;
    a search (htmx or a plain GET without JS) finds the others, and any valid supervisor
    is accepted."""
    from alisvest.roles import Role
    from tests.conftest import person

    dave = person("dave@stord.kommune.no", "Dave Dahl", Role.SUPERVISOR)
    SupervisorAssignmentFactory(placement=per, supervisor=dave, start=date(2024, 1, 1))
    erik = person("erik@bergen.kommune.no", "Erik Eide", Role.SUPERVISOR)
    other = PlacementFactory(
        programme=kari.programme,
        doctor__programme=kari.programme,
        centre=MedicalCentreFactory(municipality=kari.municipality),
        start=date(2024, 1, 1),
        planned_end=date(2029, 1, 1),
    )
    SupervisorAssignmentFactory(placement=other, supervisor=erik, start=date(2024, 1, 1))
    client = client_for(alice)
    page = client.get(reverse("placements:placement_detail", args=[kari.pk])).content.decode()
    assert "Erik Eide" in page
    assert "Dave Dahl" not in page and "Carol Corneliussen" not in page

    url = reverse("placements:supervisor_assign", args=[kari.pk])
    plain = client.get(url, {"q": "corneli"}).content.decode()
    assert "Carol Corneliussen" in plain and "Erik Eide" not in plain
    assert 'name="q"' in plain  # the no-JS page can search again
    swapped = client.get(url, {"q": "carol@"}, headers={"HX-Request": "true"}).content.decode()
    assert swapped.strip().startswith("<select") and "Carol Corneliussen" in swapped
    assert "Ingen veiledere passer" in client.get(url, {"q": "zzz"}).content.decode()

    assert assign(client, kari, carol, "2024-01-01").status_code == 302
    response = assign(client, kari, alice, "2025-01-01")  # a manager, not a supervisor
    assert response.status_code == 200
    assert "veileder-supervisor" in response.content.decode()
    assert kari.supervisor_assignments.get().supervisor == carol

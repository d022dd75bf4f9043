"""Learning objectives: the catalogue import (command and web), and each placement's way
through not started → activity logged → supervisor signed → approved by the manager."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from alisvest.factories import UserFactory
from alisvest.roles import Role, grant_role
from placements.plans import services
from placements.plans.catalogue import ImportError_, import_objectives, parse_objectives
from placements.plans.models import LearningObjective, ObjectiveProgress
from placements.register.factories import (
    DoctorFactory,
    PlacementFactory,
    SupervisorAssignmentFactory,
)

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[3] / "placements/data/laeringsmal-eksempel.csv"
Status = ObjectiveProgress.Status


@pytest.fixture
def dan(db):
    user = UserFactory(email="dan@example.no", name="Dan Dale")
    grant_role(user, Role.ALIS)
    return user


@pytest.fixture
def catalogue(programme):
    import_objectives(programme, parse_objectives(SAMPLE.read_bytes()))
    return LearningObjective.objects.filter(programme=programme)


@pytest.fixture
def placement(programme, bergen_centre, carol, dan):
    placement = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Dan Dale", user=dan),
        centre=bergen_centre,
        start=date(2017, 9, 1),
    )
    SupervisorAssignmentFactory(placement=placement, supervisor=carol)
    return placement


# --- Import --------------------------------------------------------------------------------


def test_the_shipped_sample_is_marked_and_imports(catalogue):
    assert SAMPLE.read_text().startswith("# EKSEMPEL")
    assert catalogue.count() == 18
    assert catalogue.values("group").distinct().count() == 5


def test_importing_again_changes_nothing_and_updates_by_code(programme, catalogue):
    rows = parse_objectives(SAMPLE.read_bytes())
    assert import_objectives(programme, rows) == (0, 0)
    changed = SAMPLE.read_text().replace(
        "Veilede og undervise kolleger og studenter", "Veilede kolleger"
    )
    assert import_objectives(programme, parse_objectives(changed)) == (0, 1)
    assert catalogue.get(code="EKS-FKM-04").text == "Veilede kolleger"
    assert catalogue.count() == 18


def test_errors_name_row_and_column():
    text = "kode;gruppe;tekst\nA1;Klinikk;Noe\nA2;;Noe annet\nA1;Klinikk;Tredje\n"
    with pytest.raises(ImportError_) as error:
        parse_objectives(text)
    assert error.value.errors == [
        "Rad 3, kolonne «group»: mangler verdi.",
        "Rad 4, kolonne «code»: koden A1 står også på rad 2.",
    ]


def test_a_missing_column_is_named():
    with pytest.raises(ImportError_) as error:
        parse_objectives("code,text\nA1,Noe\n")
    assert error.value.errors == ["Rad 1 (overskrift): mangler kolonnen «group»."]


def test_the_command_imports_and_reports_errors(programme, tmp_path):
    call_command("import_learning_objectives", str(SAMPLE), "--program", programme.slug)
    assert LearningObjective.objects.filter(programme=programme).count() == 18
    bad = tmp_path / "bad.csv"
    bad.write_text("code,group,text\nB1,Gruppe,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Rad 2, kolonne «text»"):
        call_command("import_learning_objectives", str(bad), "--program", programme.slug)
    assert not LearningObjective.objects.filter(code="B1").exists()


def test_a_project_leader_imports_on_the_web_and_a_bad_row_saves_nothing(
    client_for, liv_mfa, programme
):
    client = client_for(liv_mfa)
    url = reverse("placements:objective_import", args=[programme.slug])
    bad = b"code,group,text\nC1,Gruppe,Tekst\nC2,Gruppe\n"
    response = client.post(url, {"file": SimpleUploadedFile("mal.csv", bad)})
    assert response.status_code == 200
    assert "Rad 3, kolonne «text»: mangler verdi." in response.content.decode()
    assert not LearningObjective.objects.exists()
    response = client.post(url, {"file": SimpleUploadedFile("mal.csv", SAMPLE.read_bytes())})
    assert response.status_code == 302
    page = client.get(reverse("placements:objective_catalogue", args=[programme.slug]))
    assert "EKS-ALM-06" in page.content.decode()


def test_a_manager_cannot_import(client_for, alice, stein, programme):
    url = reverse("placements:objective_import", args=[programme.slug])
    assert client_for(alice).get(url).status_code == 404
    assert client_for(stein).get(url).status_code == 403


# --- Progress ------------------------------------------------------------------------------


def test_each_step_by_its_role_in_order(placement, catalogue, dan, carol, alice):
    objective = catalogue.get(code="EKS-ALM-01")
    progress = services.progress_for(placement, objective)
    assert progress.status == Status.NOT_STARTED

    with pytest.raises(PermissionDenied, match="må registrere aktivitet"):
        services.sign(progress, by=carol)
    with pytest.raises(PermissionDenied, match="Bare ALIS-en"):
        services.log_activity(progress, by=carol, note="Jeg gjorde det")
    services.log_activity(progress, by=dan, note="Hospitert på legevakt")
    assert (progress.status, progress.logged_by) == (Status.LOGGED, dan)

    with pytest.raises(PermissionDenied, match="Veilederen må signere"):
        services.approve(progress, by=alice)
    with pytest.raises(PermissionDenied, match="Bare veilederen"):
        services.sign(progress, by=dan)
    services.sign(progress, by=carol)
    assert (progress.status, progress.signed_by) == (Status.SIGNED, carol)

    with pytest.raises(PermissionDenied, match="allerede signert"):
        services.log_activity(progress, by=dan, note="Mer")
    with pytest.raises(PermissionDenied, match="helseleder"):
        services.approve(progress, by=carol)
    services.approve(progress, by=alice)
    progress.refresh_from_db()
    assert (progress.status, progress.approved_by) == (Status.APPROVED, alice)
    assert progress.logged_at <= progress.signed_at <= progress.approved_at


def test_another_municipalitys_manager_cannot_approve(placement, catalogue, dan, carol, bob):
    progress = services.progress_for(placement, catalogue.first())
    services.log_activity(progress, by=dan, note="Kurs")
    services.sign(progress, by=carol)
    with pytest.raises(PermissionDenied):
        services.approve(progress, by=bob)


def test_the_database_refuses_skipping_a_step(placement, catalogue, carol):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    with pytest.raises(IntegrityError), transaction.atomic():
        ObjectiveProgress.objects.create(
            placement=placement,
            objective=catalogue.first(),
            status=Status.SIGNED,
            signed_by=carol,
            signed_at=timezone.now(),
        )


def test_the_objective_page_takes_each_step(client_for, placement, catalogue, dan, carol, alice):
    objective = catalogue.get(code="EKS-ALM-02")
    page = reverse("placements:placement_objectives", args=[placement.pk])

    def step(user, name, **data):
        url = reverse("placements:objective_step", args=[placement.pk, objective.pk, name])
        return client_for(user).post(url, data, headers={"HX-Request": "true"})

    response = step(dan, "aktivitet", note="")
    assert "Beskriv aktiviteten" in response.content.decode()
    response = step(dan, "aktivitet", note="Fulgt opp tre diabetespasienter")
    assert 'data-status="aktivitet"' in response.content.decode()
    assert "/signer/" not in client_for(dan).get(page).content.decode()
    assert 'data-status="signert"' in step(carol, "signer").content.decode()
    response = step(carol, "godkjenn")
    assert "Bare kommunens helseleder" in response.content.decode()
    assert 'data-status="godkjent"' in step(alice, "godkjenn").content.decode()

    html = client_for(dan).get(page).content.decode()
    assert "1 av 5 godkjent" in html  # the group bar of "Klinisk allmennmedisin"


def test_the_alis_page_shows_bars_per_group(client_for, placement, catalogue, dan):
    progress = services.progress_for(placement, catalogue.get(code="EKS-FKM-01"))
    services.log_activity(progress, by=dan, note="Samtalekurs")
    response = client_for(dan).get(reverse("placements:my_plan"))
    groups = {g["group"]: g for g in response.context["groups"]}
    assert groups["Felles kompetansemål"]["logged"] == 1
    assert groups["Felles kompetansemål"]["total"] == 6
    assert response.content.decode().count('class="objective-bar__svg"') == 5


def test_the_objective_page_lists_in_a_fixed_number_of_queries(
    client_for, placement, catalogue, dan, carol, django_assert_num_queries
):
    for objective in catalogue[:5]:
        progress = services.progress_for(placement, objective)
        services.sign(services.log_activity(progress, by=dan, note="Gjort"), by=carol)
    client = client_for(dan)
    url = reverse("placements:placement_objectives", args=[placement.pk])
    client.get(url)
    # session, user, the user's access (3), placement, plan, group bars (objectives,
    # progress), rows (objectives, progress with who signed), is-supervisor check: the same
    # for 18 objectives as for one.
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200


def test_a_catalogue_file_over_one_megabyte_is_refused(client_for, liv_mfa, programme):
    url = reverse("placements:objective_import", args=[programme.slug])
    big = b"code,group,text\n" + b"A,B,C\n" * 200_000
    response = client_for(liv_mfa).post(url, {"file": SimpleUploadedFile("mal.csv", big)})
    assert response.status_code == 200
    assert "større enn 1 MB" in response.content.decode()
    assert not LearningObjective.objects.exists()


def test_the_supervisors_page_shows_bars_per_alis_in_constant_queries(
    client_for, placement, catalogue, dan, carol, programme
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    placement.start = timezone.localdate() - timedelta(days=365)  # a current ALIS
    placement.planned_end = placement.start + timedelta(days=5 * 365)
    placement.save()
    progress = services.progress_for(placement, catalogue.get(code="EKS-ALM-01"))
    services.sign(services.log_activity(progress, by=dan, note="Gjort"), by=carol)
    client = client_for(carol)
    url = reverse("placements:my_alis")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        html = client.get(url).content.decode()
    assert html.count('class="objective-bar__svg"') == 5
    assert reverse("placements:placement_objectives", args=[placement.pk]) in html

    other = PlacementFactory(
        doctor=DoctorFactory(programme=programme, name="Siri Sæle"),
        centre=placement.centre,
        start=placement.start,
    )
    SupervisorAssignmentFactory(placement=other, supervisor=carol)
    with CaptureQueriesContext(connection) as two:
        html = client.get(url).content.decode()
    assert html.count('class="objective-bar__svg"') == 10
    # The bars take two queries (objectives, progress) however many ALIS there are.
    assert len(two.captured_queries) == len(one.captured_queries)

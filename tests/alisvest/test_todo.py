"""The to-do list on the demo data: every role has work waiting, each task's page opens for its
owner, no task is about an object outside the owner's scope, the page and GET /api/v1/tasks/
say the same, and doing a task takes it off the list."""

import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alisvest.models import User
from alisvest.roles import Access
from alisvest.todo import tasks_for
from alisvest.views import todo as todo_view
from supervision.models import SupervisionSession
from tests.conftest import with_totp

DEMO = "@demo.alisvest.no"
EVERY_ROLE = ["leder", "styring", "alice", "bob", "carol", "dan", "erin"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """seed_demo once for the module, rolled back when it ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)


def dan_placement():
    return demo_user("dan").doctor.placements.active().get()


def demo_user(name):
    user = User.objects.get(email=f"{name}{DEMO}")
    user.access = Access.of(user)
    return user


@pytest.mark.parametrize("name", EVERY_ROLE)
def test_every_role_has_a_task_whose_page_opens(demo, db, client, name):
    user = demo_user(name)
    tasks = tasks_for(user)
    assert tasks, f"{name} has nothing to do on the demo data"
    if not user.authenticator_set.exists():
        with_totp(user)  # roles that must have a second factor see nothing without one
    client.force_login(user)
    for task in tasks:
        response = client.get(task.url)
        assert response.status_code == 200, f"{name}: {task.kind} {task.url}"


@pytest.mark.parametrize("name", EVERY_ROLE)
def test_no_task_is_about_an_object_outside_the_owners_scope(demo, db, name):
    user = demo_user(name)
    for task in tasks_for(user):
        model = apps.get_model(task.object_type)
        assert model.objects.for_user(user).filter(pk=task.object_id).exists(), task


def test_tasks_are_oldest_due_first_with_undated_last(demo, db):
    dues = [task.due for task in tasks_for(demo_user("carol"))]
    dated = [due for due in dues if due]
    assert dated == sorted(dated)
    assert dues == dated + [None] * (len(dues) - len(dated))


def test_the_api_serves_the_same_list_as_the_page(demo, db, client):
    carol = demo_user("carol")
    client.force_login(carol)
    body = client.get("/api/v1/tasks/").json()
    items = body["results"]
    expected = tasks_for(carol)
    assert body["count"] == len(expected)
    assert [item["url"] for item in items] == [task.url for task in expected][:50]
    second = client.get("/api/v1/tasks/?limit=1&offset=1").json()["results"]
    assert [item["url"] for item in second] == [expected[1].url]
    first = items[0]
    assert set(first) == {"kind", "title", "detail", "url", "due", "object"}
    assert first["object"] == {"type": expected[0].object_type, "id": expected[0].object_id}
    page = client.get("/oppgaver/").content.decode()
    for task in expected:
        assert f'href="{task.url}"' in page


def test_the_api_asks_for_a_login(client):
    assert client.get("/api/v1/tasks/").status_code in {401, 403}


def test_the_header_count_is_the_number_of_tasks(demo, db, client):
    dan = demo_user("dan")
    client.force_login(dan)
    count = client.get("/oppgaver/antall/").content.decode()
    assert f">{len(tasks_for(dan))}<" in count


def test_login_lands_on_the_to_do_list(demo, db, client):
    response = client.post(
        "/accounts/login/", {"login": f"carol{DEMO}", "password": "demo-alisvest-2026"}
    )
    assert response.status_code == 302
    assert response.url == "/oppgaver/"


def test_a_resolved_dispute_leaves_the_supervisors_list(demo, db, client):
    carol = demo_user("carol")
    disputed = [t for t in tasks_for(carol) if t.kind == "supervision.resolve_session"]
    assert disputed
    client.force_login(carol)
    response = client.post(disputed[0].url, {"note": "Vi gikk gjennom timen sammen."})
    assert response.status_code == 302
    session = SupervisionSession.objects.get(pk=disputed[0].object_id)
    assert session.status == SupervisionSession.Status.RESOLVED
    left = [t for t in tasks_for(carol) if t.kind == "supervision.resolve_session"]
    assert disputed[0] not in left


def test_a_confirmed_session_leaves_the_alis_list(demo, db, client):
    dan = demo_user("dan")
    carol = demo_user("carol")
    placement = dan_placement()
    session = SupervisionSession.objects.create(
        placement=placement, supervisor=carol, date=days_ago(1), minutes=45
    )
    kinds = {(t.kind, t.object_id) for t in tasks_for(dan)}
    assert ("supervision.confirm_session", session.pk) in kinds
    client.force_login(dan)
    client.post(f"/veiledning/timer/{session.pk}/bekreft/")
    kinds = {(t.kind, t.object_id) for t in tasks_for(dan)}
    assert ("supervision.confirm_session", session.pk) not in kinds


def test_the_page_shows_a_page_of_tasks_and_counts_them_all(demo, db, client, monkeypatch):
    monkeypatch.setattr(todo_view, "TASKS_PER_PAGE", 2)
    leader = demo_user("leder")
    client.force_login(with_totp(leader))
    total = len(tasks_for(leader))
    assert total > 2
    body = client.get("/oppgaver/").content.decode()
    assert body.count('<li class="task ds-card"') == 2
    assert f"{total} oppgaver venter på deg" in body and "side=2" in body
    last = client.get("/oppgaver/", {"side": (total + 1) // 2}).content.decode()
    assert last.count('<li class="task ds-card"') == total - 2 * ((total - 1) // 2)


def test_query_count_does_not_grow_with_the_tasks(demo, db):
    carol = demo_user("carol")
    with CaptureQueriesContext(connection) as before:
        n_before = len(tasks_for(carol))
    placement = dan_placement()
    for day in (1, 2, 3):
        SupervisionSession.objects.create(
            placement=placement,
            supervisor=carol,
            date=days_ago(day),
            minutes=30,
            status=SupervisionSession.Status.DISPUTED,
        )
    with CaptureQueriesContext(connection) as after:
        n_after = len(tasks_for(carol))
    assert n_after == n_before + 3
    assert len(before) == len(after)

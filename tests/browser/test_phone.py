"""Built for a phone (issue 16): at 390 px no page the demo supervisor or the demo ALIS uses
scrolls sideways, their tables become cards instead of scrolling inside the page, their
buttons, fields and menu links are at least 44 px tall, and the supervisor logs today's
session from the to-do list with one typed number and at most three taps."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from alisvest.models import Invitation, User
from alisvest.roles import Role
from demo.placements import DEMO_PASSWORD
from placements.models import Placement
from supervision.models import SupervisionSession

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
SKIP = ("/accounts/logout", "/admin", "/api", "/i18n", "/static", "/media")

# One measurement per page: the page's own width against the window's, tables that still
# scroll inside their wrapper, and controls (buttons, fields, menu links) under 44 px.
MEASURE = """() => {
  const shown = (el) => el.getBoundingClientRect().width > 0;
  // A radio or checkbox is tapped through its label; stretched to 44 px it turns oval.
  const controls = "main .ds-button, main button, main select, "
    + "main .ds-input:not([type=checkbox], [type=radio]), "
    + "main input:not([type=hidden], [type=checkbox], [type=radio]), "
    + ".site-nav a, .site-header button";
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    scrollingTables: [...document.querySelectorAll(".table-wrap")]
      .filter((el) => el.scrollWidth > el.clientWidth + 1).length,
    small: [...document.querySelectorAll(controls)].filter(shown)
      .filter((el) => el.getBoundingClientRect().height < 44)
      .map((el) => `${(el.textContent || el.name || el.id).trim().slice(0, 40)}: `
        + `${Math.round(el.getBoundingClientRect().height)} px`),
  };
}"""


@pytest.fixture
def demo(register):
    call_command("seed_demo", stdout=io.StringIO())


def demo_login(page, email):
    page.set_viewport_size(PHONE)
    login(page, email, password=DEMO_PASSWORD)


def local_links(page, selector):
    hrefs = page.eval_on_selector_all(selector, "els => els.map(a => a.getAttribute('href'))")
    return [
        h.split("#")[0]
        for h in hrefs
        if h.startswith("/")
        and not h.startswith(SKIP)
        and not h.endswith((".pdf", ".csv", ".xlsx", "/pdf/"))
    ]


def menu_and_home_links(page, homes):
    """Every page in the header menu and every link on the person's home pages."""
    found = local_links(page, ".site-header a[href]")
    for home in homes:
        page.goto(home)
        found += [home, *local_links(page, "main a[href]")]
    return found


def problems_on(page, urls):
    problems = []
    for url in dict.fromkeys(urls):
        response = page.goto(url)
        assert response.status == 200, f"{url} answered {response.status}"
        # Measured with the header's task count in place; and no request may still be running
        # when the test's database is emptied.
        page.wait_for_load_state("networkidle")
        m = page.evaluate(MEASURE)
        if m["scrollWidth"] > m["innerWidth"]:
            problems.append(f"{url}: page is {m['scrollWidth']} px wide in {m['innerWidth']}")
        if m["scrollingTables"]:
            problems.append(f"{url}: {m['scrollingTables']} table(s) scroll sideways")
        problems += [f"{url}: {control} tall" for control in m["small"]]
    return problems


def supervisor_pages(placement):
    sessions = placement.supervision_sessions.all()
    disputed = sessions.filter(status=SupervisionSession.Status.DISPUTED).first()
    editable = sessions.filter(date__gte=timezone.localdate() - timedelta(days=30)).first()
    return [
        reverse("supervision:placement", args=[placement.pk]),
        reverse("supervision:session_create", args=[placement.pk]),
        reverse("supervision:session_batch", args=[placement.pk]),
        reverse("supervision:session_edit", args=[editable.pk]),
        reverse("supervision:session_resolve", args=[disputed.pk]),
        reverse("supervision:compliance"),
        reverse("placements:placement_detail", args=[placement.pk]),
        reverse("placements:placement_objectives", args=[placement.pk]),
        reverse("placements:plan_edit", args=[placement.pk]),
        reverse("profile"),
    ]


def alis_pages(placement):
    undisputed = placement.supervision_sessions.exclude(
        status=SupervisionSession.Status.DISPUTED
    ).order_by("-date")
    period = placement.education_plan.periods.first()
    course = placement.education_plan.courses.first()
    return [
        reverse("supervision:home"),
        reverse("supervision:placement", args=[placement.pk]),
        reverse("supervision:session_dispute", args=[undisputed.first().pk]),
        reverse("supervision:compliance"),
        reverse("supervision:group_list"),
        reverse("placements:placement_detail", args=[placement.pk]),
        reverse("placements:placement_objectives", args=[placement.pk]),
        reverse("placements:plan_edit", args=[placement.pk]),
        reverse("placements:period_edit", args=[placement.pk, period.pk]),
        reverse("placements:course_edit", args=[placement.pk, course.pk]),
        reverse("placements:doctor_detail", args=[placement.doctor.pk]),
        reverse("profile"),
    ]


def dans_placement():
    return Placement.objects.get(doctor__user__email="dan@demo.alisvest.no")


def test_the_supervisors_pages_fit_a_phone(page, demo):
    demo_login(page, "carol@demo.alisvest.no")
    urls = menu_and_home_links(page, ["/oppgaver/", "/oversikt/", reverse("placements:my_alis")])
    assert reverse("supervision:session_create", args=[dans_placement().pk]) in urls
    problems = problems_on(page, urls + supervisor_pages(dans_placement()))
    assert not problems, "\n".join(problems)


def invitation_link():
    invitation = Invitation(
        email="ny.alis@example.no",
        name="Ny ALIS",
        role=Role.ALIS,
        invited_by=User.objects.get(email="leder@demo.alisvest.no"),
        expires_at=timezone.now() + timedelta(days=14),
    )
    token = invitation.set_token()
    invitation.save()
    return reverse("accept_invitation", args=[token])


def test_the_alis_pages_fit_a_phone(page, demo):
    page.set_viewport_size(PHONE)
    problems = problems_on(page, [invitation_link(), "/accounts/login/"])
    demo_login(page, "dan@demo.alisvest.no")
    urls = menu_and_home_links(page, ["/oppgaver/", "/oversikt/", reverse("placements:my_plan")])
    problems += problems_on(page, urls + alis_pages(dans_placement()))
    assert not problems, "\n".join(problems)


# Counted in the page, across the form's post and redirect: taps (pointer presses) and the
# fields something was typed into.
COUNT_TAPS = """
addEventListener("pointerdown", () => {
  sessionStorage.taps = Number(sessionStorage.taps || 0) + 1;
}, true);
addEventListener("input", (event) => {
  const typed = new Set(JSON.parse(sessionStorage.typed || "[]"));
  typed.add(event.target.name);
  sessionStorage.typed = JSON.stringify([...typed]);
}, true);
"""


def test_a_session_is_logged_from_the_to_do_list_in_three_taps(page, demo):
    placement = dans_placement()
    before = set(placement.supervision_sessions.values_list("pk", flat=True))
    page.context.add_init_script(COUNT_TAPS)
    demo_login(page, "carol@demo.alisvest.no")  # lands on the to-do list
    page.wait_for_load_state("networkidle")
    page.screenshot(path=SCREENSHOTS / "phone-supervisor.png", full_page=True)
    page.evaluate("sessionStorage.clear()")

    task = page.get_by_role("link", name="For få veiledningstimer").filter(has_text="Dan Dale")
    task.first.click()  # tap 1
    page.wait_for_url(f"**/veiledning/stilling/{placement.pk}/**")
    minutes = page.get_by_label("Minutter med Dan Dale")
    minutes.click()  # tap 2
    page.keyboard.type("45")  # the one typed number
    page.locator("form.quick-log", has=minutes).get_by_role("button", name="Logg").click()  # 3
    expect(page.get_by_text("Veiledningen er registrert")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("Number(sessionStorage.taps)") <= 3
    assert page.evaluate("JSON.parse(sessionStorage.typed)") == ["minutes"]

    session = placement.supervision_sessions.exclude(pk__in=before).get()
    assert (session.date, session.minutes, session.kind, session.supervisor.email) == (
        timezone.localdate(),
        45,
        SupervisionSession.Kind.INDIVIDUAL,
        "carol@demo.alisvest.no",
    )

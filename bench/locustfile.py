"""Load test against the national synthetic data (`make loadtest`, see bench/loadtest.py).

Each simulated person signs in through the login form as one synthetic account of their
role and browses as that role does; supervisors also log supervision sessions through the
same form a person uses. Only 127.0.0.1 is ever targeted; the run is bounded in time."""

import itertools
import re
from datetime import date

from locust import HttpUser, between, task

DOMAIN = "synthetic.alisvest.no"
PASSWORD = "synthetic-alisvest"  # demo.synthetic.SYNTHETIC_PASSWORD
ROLES = ("leder", "styring", "forsker", "helseleder", "veileder", "alis")
_numbers = {role: itertools.count(1) for role in ROLES}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PLACEMENT_LINK = re.compile(r'href="/veiledning/stilling/(\d+)/"')


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    role = ""
    # Accounts are spread over this many of each role (leader 1..2, manager 1..357, …).
    accounts = 1

    def on_start(self):
        number = (next(_numbers[self.role]) - 1) % self.accounts + 1
        self.email = f"{self.role}{number}@{DOMAIN}"
        page = self.client.get("/accounts/login/", name="login form")
        token = CSRF.search(page.text)[1]
        self.client.post(
            "/accounts/login/",
            {"login": self.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/accounts/login/"},
            name="log in",
        )

    @task(2)
    def todo(self):
        """The to-do list: the first page everyone sees, and the count in the menu."""
        self.page("/oppgaver/")
        self.page("/oppgaver/antall/")

    def page(self, url, name=None):
        with self.client.get(url, name=name or url, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {self.email}")
            return response


class ProjectLeader(Person):
    weight = 1
    role, accounts = "leder", 2

    @task(3)
    def dashboard(self):
        self.page("/oversikt/")

    @task(2)
    def placements(self):
        self.page("/stillinger/?status=aktiv&fylke=Vestland", name="/stillinger/?filtrert")

    @task(2)
    def compliance(self):
        self.page("/veiledning/etterlevelse/")

    @task(1)
    def finance(self):
        self.page("/okonomi/oversikt/")

    @task(1)
    def api(self):
        self.page("/api/v1/applications/")


class SteeringGroup(Person):
    weight = 1
    role = "styring"

    @task(3)
    def dashboard(self):
        self.page("/oversikt/")

    @task(1)
    def api(self):
        self.page("/api/v1/placements/")


class Researcher(Person):
    weight = 1
    role = "forsker"

    @task(3)
    def dashboard(self):
        self.page("/oversikt/")

    @task(1)
    def api(self):
        self.page("/api/v1/survey-waves/")


class Manager(Person):
    weight = 2
    role, accounts = "helseleder", 357

    @task(3)
    def dashboard(self):
        self.page("/oversikt/")

    @task(2)
    def placements(self):
        self.page("/stillinger/")

    @task(2)
    def compliance(self):
        self.page("/veiledning/etterlevelse/")


class Supervisor(Person):
    weight = 4
    role, accounts = "veileder", 3000

    def on_start(self):
        super().on_start()
        self.placements = PLACEMENT_LINK.findall(self.page("/veiledning/").text)

    @task(3)
    def home(self):
        self.page("/veiledning/")

    @task(2)
    def sessions(self):
        if self.placements:
            self.page(f"/veiledning/stilling/{self.placements[0]}/", "/veiledning/stilling/[id]/")

    @task(1)
    def log_session(self):
        if not self.placements:
            return
        url = f"/veiledning/stilling/{self.placements[0]}/ny/"
        form = self.page(url, "/veiledning/stilling/[id]/ny/")
        found = CSRF.search(form.text)
        if not found:
            return
        with self.client.post(
            url,
            {
                "csrfmiddlewaretoken": found[1],
                "date": date.today().isoformat(),
                "minutes": "60",
                "kind": "individuell",
                "topics": "Lasttest",
            },
            headers={"Referer": self.host + url},
            name="POST /veiledning/stilling/[id]/ny/",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"session not logged: {response.status_code}")


class Alis(Person):
    weight = 3
    role, accounts = "alis", 3000  # 1..3000 are the active placements

    @task(3)
    def dashboard(self):
        self.page("/oversikt/")

    @task(2)
    def supervision(self):
        self.page("/veiledning/")

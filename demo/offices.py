"""The regional ALIS office of the west (ALIS-kontor Vest, Bergen), following every demo
municipality of both programmes (the pilot and the national scheme), and its demo user."""

from alisvest.models import User
from alisvest.roles import Role, grant_role
from demo import national
from demo.placements import CENTRES, DEMO_PASSWORD
from placements.models import Municipality, RegionalOffice

USERS = [("kontor@demo.alisvest.no", "Olav Kontor (ALIS-kontor Vest)", Role.REGIONAL_OFFICE)]


def seed(stdout=None):
    office, _created = RegionalOffice.objects.get_or_create(
        name="ALIS-kontor Vest", defaults={"city": "Bergen"}
    )
    numbers = {*CENTRES, *national.CENTRES, national.SHARED_WITH}
    office.municipalities.add(*Municipality.objects.current().filter(number__in=numbers))
    for email, name, role in USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, name=name)
        grant_role(user, role, office)
    if stdout:
        stdout.write(f"  {office.name}: {office.municipalities.count()} kommuner")
    return office

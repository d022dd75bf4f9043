"""A post shared by two municipalities in the regional pilot's statements: each municipality
is billed its share of cap, expenses, grant and own share, and the shares add up to the
post to the krone."""

from datetime import date
from decimal import Decimal

import pytest

from funding import services
from funding.factories import ExpenseFactory, GrantSchemeFactory
from placements.register.cost_shares import set_cost_shares
from tests.funding.test_statements import place

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(programme, bergen, stord, participating):
    GrantSchemeFactory(programme=programme)
    placement = place(programme, bergen, date(2017, 9, 1), second_municipality=stord)
    ExpenseFactory(placement=placement, year=2017, amount=Decimal(110_001))
    return placement


def lines_by_municipality(year):
    return {s.municipality.name: s.lines.get() for s in services.issue_statements(year)}


def test_a_second_municipality_is_billed_half(shared):
    lines = lines_by_municipality(2017)
    bergen, stord = lines["Bergen"], lines["Stord"]
    # The whole post: cap 66 849, expenses 110 001, own share 16 712 (the issue's figures)
    assert (bergen.cap + stord.cap, bergen.own_share + stord.own_share) == (66_849, 16_712)
    assert (bergen.cap, stord.cap) == (Decimal("33424.50"), Decimal("33424.50"))  # to the øre
    assert (bergen.expenses, stord.expenses) == (Decimal("55000.50"), Decimal("55000.50"))
    assert (bergen.own_share, stord.own_share) == (8_356, 8_356)
    assert bergen.share_percent == stord.share_percent == 50
    assert bergen.net == bergen.grant - bergen.own_share


def test_cost_shares_decide_the_split(shared, bergen, stord, liv):
    set_cost_shares(shared, [(bergen, Decimal(70)), (stord, Decimal(30))], by=liv)
    lines = lines_by_municipality(2017)
    grants = (lines["Bergen"].grant, lines["Stord"].grant)
    assert grants == (Decimal("46794.30"), Decimal("20054.70"))  # 70/30 to the øre
    assert lines["Bergen"].grant + lines["Stord"].grant == 66_849

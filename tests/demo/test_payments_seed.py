"""The demo's settlements: one paid, one open and one overdue; seeding again changes none."""

from io import StringIO

import pytest
from django.core.management import call_command

from funding import payments
from funding.models import GrantStatement, Payment

pytestmark = pytest.mark.django_db


def statuses():
    return [r.status for r in payments.settlements(GrantStatement.objects.all())]


def test_the_demo_has_a_paid_an_open_and_an_overdue_settlement(register):
    call_command("seed_demo", stdout=StringIO())
    first = statuses()
    assert {"paid", "open", "overdue"} <= set(first)
    assert first.count("paid") == 1 and first.count("overdue") == 1
    call_command("seed_demo", stdout=StringIO())
    assert statuses() == first and Payment.objects.count() == 1

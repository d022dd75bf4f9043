from datetime import date
from decimal import Decimal

import factory

from placements.municipalities.factories import ProgrammeFactory

from .models import Expense, GrantScheme, MonthlyRate


class GrantSchemeFactory(factory.django.DjangoModelFactory):
    """The ALIS-VEST figures: 200 000 cap and 50 000 own share per ALIS-year."""

    class Meta:
        model = GrantScheme

    programme = factory.SubFactory(ProgrammeFactory)
    name = "ALIS-VEST tilskudd"
    kind = GrantScheme.Kind.PER_YEAR
    valid_from = date(2017, 1, 1)
    annual_cap = Decimal(200_000)
    annual_own_share = Decimal(50_000)
    budget = Decimal(22_000_000)


class NationalSchemeFactory(GrantSchemeFactory):
    name = "Nasjonal ALIS-ordning (eksempel)"
    kind = GrantScheme.Kind.PER_MONTH
    is_example = True
    annual_cap = None
    annual_own_share = Decimal(0)
    class6_monthly_supplement = Decimal(2_000)


class MonthlyRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyRate

    scheme = factory.SubFactory(NationalSchemeFactory)
    job_type = "fastlege"
    monthly_amount = Decimal(10_000)


class ExpenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expense

    placement = factory.SubFactory("placements.register.factories.PlacementFactory")
    year = factory.LazyAttribute(lambda e: e.placement.start.year)
    category = Expense.Category.COURSE_FEES
    amount = Decimal(10_000)

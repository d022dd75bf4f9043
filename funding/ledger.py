"""The general-ledger export: one CSV per issued batch of statements, in a plain layout a
municipality's or the programme's accounting system can import (docs/ledger-export.md).

Two lines per statement, which sum to zero: the grant account carries the settlement
(positive when the programme pays the municipality), the settlement account the opposite."""

import io
from decimal import Decimal

from alisvest.spreadsheets import csv_writer

from .models import Counterparty, PaymentSetup
from .payments import payment_reference

HEADER = ["dato", "konto", "belop", "referanse", "motpart_orgnr", "tekst"]


def _amount(kroner):
    """A number with øre ("-1250.00"): a number cell, which the export helper leaves as it
    is, where a text starting with "-" would be neutralised as a formula."""
    return Decimal(kroner).quantize(Decimal("0.01"))


def ledger_rows(statements):
    """[row] for the statements; two queries for the setups and counterparties."""
    statements = list(statements.select_related("municipality"))
    setups = {
        s.programme_id: s
        for s in PaymentSetup.objects.filter(programme__in={s.programme_id for s in statements})
    }
    organisations = dict(
        Counterparty.objects.filter(
            municipality__in={s.municipality_id for s in statements}
        ).values_list("municipality", "organisation_number")
    )
    default = PaymentSetup()
    rows = []
    for statement in statements:
        setup = setups.get(statement.programme_id, default)
        amount = statement.settlement_amount
        reference = payment_reference(statement, setup)
        common = [
            reference,
            organisations.get(statement.municipality_id, ""),
            f"{statement.number} {statement.municipality.name} {statement.year}",
        ]
        day = statement.issued_at.date().isoformat()
        rows.append([day, setup.grant_account, _amount(amount), *common])
        rows.append([day, setup.settlement_account, _amount(-amount), *common])
    return rows


def ledger_csv(statements):
    """The CSV text: semicolon separated, UTF-8, a header row, amounts with a point."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(HEADER)
    writer.writerows(ledger_rows(statements))
    return out.getvalue()

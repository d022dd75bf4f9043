"""One run at a time. A run claims a key naming its starting point (programme, year,
municipality and the statements current when it was previewed) before it writes anything;
the key is unique in the database, so two presses of «Utsted» from one preview, or two
commands started together, make one run: the second waits for the first and gets its run."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import closing, services
from .closing import NoData
from .models import StatementRun


class StalePreview(NoData):
    """The statements changed between the preview and the press of «Utsted»."""


@transaction.atomic
def issue_run(year, *, by, programmes, municipality_number=None, basis=None, early=""):
    """Issue the year's statements as one run. Returns (run, created): a run already made
    from the same starting point is returned, with created False, and nothing is issued.
    `basis` is what the preview showed (closing.basis_of); None: as things are now."""
    programmes = sorted(programmes)
    current = closing.basis_of(programmes, year)
    basis = current if basis is None else basis
    key = closing.run_key(programmes, year, municipality_number, basis)
    try:
        with transaction.atomic():
            run = StatementRun.objects.create(
                programme_id=programmes[0],
                year=year,
                key=key,
                started_by=by,
                early_reason=(early or "").strip(),
            )
    except IntegrityError:
        return StatementRun.objects.get(key=key), False
    if basis != current:
        raise StalePreview(
            _(
                "Årsoppgjørene for %(year)s er endret siden forhåndsvisningen. Se over på nytt "
                "før du utsteder."
            )
            % {"year": year}
        )
    statements = services.issue_statements(
        year, by=by, programmes=programmes, municipality_number=municipality_number, early=early
    )
    run.programme_id = statements[0].programme_id
    run.total = len(statements)
    run.save(update_fields=["programme", "total"])
    run.statements.set(statements)
    return run, True

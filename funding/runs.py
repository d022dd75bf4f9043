"""One run at a time. A run claims a key naming its starting point (programme, year,
municipality and the statements current when it was previewed) before it writes anything;
the key is unique in the database, so two presses of «Utsted» from one preview, or two
commands started together, make one run: the second waits for the first and gets its run."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import closing, services
from .closing import NoData
from .models import GrantStatement, StatementRun


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


@dataclass
class PreviewRow:
    draft: object
    current: object  # the statement the new one would supersede, if any
    recipients: list

    @property
    def settlement(self):
        return self.draft.net

    @property
    def settlement_abs(self):
        return abs(self.draft.net)


def preview(year, *, programmes, municipality_number=None, early=""):
    """What issuing would do, nothing written: every statement with its amounts and the
    managers it is e-mailed to, and the starting point (basis) the press of «Utsted» carries.
    Raises what issuing raises (NoData, YearNotClosed)."""
    closing.check_year_ended(year)
    drafts = services.compute_statements(
        year, municipality_number=municipality_number, programmes=programmes
    )
    closing.check_deadline_passed({d.scheme for d in drafts}, year, early_reason=early)
    current = {
        (s.programme_id, s.municipality_id): s
        for s in GrantStatement.objects.current().filter(year=year, programme__in=programmes)
    }
    rows = [
        PreviewRow(
            draft,
            current.get((draft.scheme.programme_id, draft.municipality.pk)),
            services.managers_of(draft.municipality),
        )
        for draft in drafts
    ]
    return rows, closing.basis_of(programmes, year)

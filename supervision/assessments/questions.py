"""What the assessor is asked: a few ratings per domain and two short texts, so the form
takes a couple of minutes. Data, not code paths: each kind names its domains and scale."""

from django.utils.translation import gettext_lazy as _

from ..models import Assessment

EXPECTED_SCALE = [
    ("under", _("Under forventet")),
    ("som", _("Som forventet")),
    ("over", _("Over forventet")),
]
FIVE_SCALE = [(str(n), str(n)) for n in range(1, 6)]

DOMAINS = {
    Assessment.Kind.CASE_DISCUSSION: [
        ("resonnering", _("Klinisk resonnering")),
        ("utredning", _("Utredning og behandling")),
        ("oppfolging", _("Oppfølging og pasientsikkerhet")),
        ("samlet", _("Samlet vurdering")),
    ],
    Assessment.Kind.OBSERVED_CONSULTATION: [
        ("kommunikasjon", _("Kommunikasjon og relasjon")),
        ("anamnese", _("Anamnese og undersøkelse")),
        ("vurdering", _("Vurdering og plan")),
        ("samlet", _("Samlet vurdering")),
    ],
    Assessment.Kind.MULTI_SOURCE: [
        ("pasienter", _("Kommunikasjon med pasienter")),
        ("samarbeid", _("Samarbeid med kolleger og medarbeidere")),
        ("palitelig", _("Tilgjengelig og pålitelig")),
        ("faglig", _("Faglig trygg")),
        ("respekt", _("Viser respekt for andre")),
    ],
}

# The texts after the ratings: (key, label, required).
TEXTS = {
    Assessment.Kind.CASE_DISCUSSION: [
        ("styrker", _("Hva gjorde ALIS-en godt?"), True),
        ("forslag", _("Ett forslag til forbedring"), True),
    ],
    Assessment.Kind.MULTI_SOURCE: [
        ("kommentar", _("Kommentar (valgfritt)"), False),
    ],
}
TEXTS[Assessment.Kind.OBSERVED_CONSULTATION] = TEXTS[Assessment.Kind.CASE_DISCUSSION]


def scale_for(kind):
    return FIVE_SCALE if kind == Assessment.Kind.MULTI_SOURCE else EXPECTED_SCALE


def rating_label(kind, value):
    return dict(scale_for(kind)).get(value, value)

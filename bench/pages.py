"""The most used pages and API list endpoints, as (name, user e-mail, url) in the synthetic
data: the benchmark times them (bench/run.py), the load test browses them
(bench/locustfile.py) and tests/test_query_counts.py pins their query counts. A page whose
app has not landed yet comes back with url None."""


def pages():
    """(name, user e-mail, url): each role's dashboard and the most used pages."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from demo.synthetic import DOMAIN, PROGRAMME_SLUG
    from placements.models import Call, Municipality, Placement, SupervisorAssignment

    today = timezone.localdate()
    active = Placement.objects.filter(programme__slug=PROGRAMME_SLUG).active(today)
    # The first active placement and its supervisor today; its ALIS is a user too.
    placement = active.order_by("pk").first()
    supervisor = (
        SupervisorAssignment.objects.filter(placement=placement, start__lte=today)
        .order_by("-start")
        .values_list("supervisor__email", flat=True)
        .first()
    )
    alis = placement.doctor.user.email
    county = Municipality.objects.get(pk=placement.municipality_id).county
    call = Call.objects.filter(programme__slug=PROGRAMME_SLUG).order_by("-deadline").first()
    try:
        from research.models import Study

        study = Study.objects.filter(programme__slug=PROGRAMME_SLUG).values_list("pk", flat=True)
        study = study.first() or 0
    except ImportError:
        study = 0
    leader = f"leder1@{DOMAIN}"
    manager = f"helseleder1@{DOMAIN}"
    wanted = [
        ("Oversikt: prosjektleder", leader, "dashboard", {}, ""),
        ("Oversikt: styringsgruppe", f"styring1@{DOMAIN}", "dashboard", {}, ""),
        ("Oversikt: helseleder", manager, "dashboard", {}, ""),
        ("Oversikt: veileder", supervisor, "dashboard", {}, ""),
        ("Oversikt: ALIS", alis, "dashboard", {}, ""),
        ("Oversikt: forsker", f"forsker1@{DOMAIN}", "dashboard", {}, ""),
        ("Veiledning: veileders start", supervisor, "supervision:home", {}, ""),
        (
            "Stillinger, filtrert (aktive i fylket)",
            leader,
            "placements:placement_list",
            {},
            f"?status=aktiv&fylke={county}",
        ),
        ("Stilling", leader, "placements:placement_detail", {"pk": placement.pk}, ""),
        (
            "Veiledning: skjema ny time",
            supervisor,
            "supervision:session_create",
            {"pk": placement.pk},
            "",
        ),  # fmt: skip
        (
            "Veiledning: timer i stillingen",
            supervisor,
            "supervision:placement",
            {"pk": placement.pk},
            "",
        ),  # fmt: skip
        ("Etterlevelse (varmekart)", leader, "supervision:compliance", {}, ""),
        ("Etterlevelse (helseleder)", manager, "supervision:compliance", {}, ""),
        (
            "Søknader til vurdering (utlysning)",
            leader,
            "placements:call_detail",
            {"pk": call.pk},
            "",
        ),  # fmt: skip
        ("Leger (register)", leader, "placements:doctor_list", {}, ""),
        ("Økonomi: oversikt", leader, "funding:overview", {}, ""),
        ("Økonomi: oppgjør", leader, "funding:statement_list", {}, ""),
        ("Planlegging (styringsgruppe)", f"styring1@{DOMAIN}", "research:planning", {}, ""),
        (
            "Følgeforskning: retensjon",
            f"forsker1@{DOMAIN}",
            "research:retention",
            {"pk": study},
            "",
        ),  # fmt: skip
    ]
    api = [
        "programme",
        "municipality",
        "centre",
        "call",
        "application",
        "review",
        "supervision-session",
        "supervision-check",
        "placement",
        "doctor",
        "grant-scheme",
        "expense",
        "grant-statement",
        "study",
        "survey-wave",
    ]
    wanted += [(f"API: {name}-list", leader, f"{name}-list", {}, "") for name in api]
    found = []
    for name, email, url_name, kwargs, query in wanted:
        try:
            found.append((name, email, reverse(url_name, kwargs=kwargs) + query))
        except NoReverseMatch:
            found.append((name, email, None))
    return found

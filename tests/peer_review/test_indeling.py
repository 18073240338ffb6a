"""The panel solver: every hard constraint, the order of the objectives, explanations."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from peer_review.indeling import ProbleemFout, blokkade, gretig, lees_probleem, los_op


def p(code, regio, bestuur=None, instituut=None, sector="po"):
    return {
        "code": code,
        "regios": [regio],
        "besturen": [bestuur or f"b{code}"],
        "instituten": [instituut or f"i{code}"],
        "sector": sector,
    }


def oplossen(partnerschappen, **opties):
    probleem = lees_probleem(
        {
            "partnerschappen": partnerschappen,
            "te_reviewen": opties.pop("te_reviewen", [x["code"] for x in partnerschappen]),
            **opties,
        }
    )
    uitkomst = los_op(probleem)
    return probleem, uitkomst, {r["ontvangend"]: r["bezoekers"] for r in uitkomst["toewijzing"]}


def test_fills_every_slot_without_self_same_region_or_conflicts():
    partners = [p("A", "R1"), p("B", "R2"), p("C", "R3"), p("D", "R4"), p("E", "R5")]
    probleem, uitkomst, panels = oplossen(partners)
    assert uitkomst["statistiek"]["gevuld"] == 10
    assert uitkomst["statistiek"]["optimaal_bewezen"] is True
    assert uitkomst["onvervuld"] == []
    for r, bezoekers in panels.items():
        assert len(bezoekers) == 2
        for v in bezoekers:
            assert blokkade(probleem, v, r) is None
            assert r not in panels[v], f"wederkerig paar {v} ↔ {r}"
    bezoeken = {c: sum(c in b for b in panels.values()) for c in panels}
    assert max(bezoeken.values()) == 2


def test_shared_region_bestuur_instituut_and_sector_rules_are_hard():
    partners = [
        p("A", "R1", bestuur="x"),
        p("B", "R1"),
        p("C", "R2", bestuur="x"),
        p("D", "R3", instituut="iA"),
        p("E", "R4", sector="vo"),
        p("F", "R5"),
    ]
    partners[0]["instituten"] = ["iA"]
    probleem = lees_probleem(
        {"partnerschappen": partners, "te_reviewen": ["A"], "sector": "verplicht"}
    )
    assert {c: blokkade(probleem, c, "A") for c in "BCDEF"} == {
        "B": "zelfde regio",
        "C": "gedeeld bestuur of instituut (belangenverstrengeling)",
        "D": "gedeeld bestuur of instituut (belangenverstrengeling)",
        "E": "andere sector",
        "F": None,
    }
    uitkomst = los_op(probleem)
    assert uitkomst["toewijzing"] == [{"ontvangend": "A", "bezoekers": ["F"]}]
    assert uitkomst["onvervuld"] == [
        {
            "ontvangend": "A",
            "ontbrekend": 1,
            "reden": "Slechts 1 partnerschap mag bezoeken (F); de andere vallen af: "
            "2× gedeeld bestuur of instituut (belangenverstrengeling), 1× andere sector, "
            "1× zelfde regio.",
        }
    ]


def test_locked_and_excluded_pairs():
    partners = [p(c, f"R{i}") for i, c in enumerate("ABCDE")]
    _, uitkomst, panels = oplossen(
        partners, vastgezet=[["E", "A"]], uitgesloten=[["B", "A"], ["C", "A"]]
    )
    assert "E" in panels["A"] and "B" not in panels["A"] and "C" not in panels["A"]
    assert panels["A"] == ["D", "E"]


def test_locked_pair_that_breaks_a_rule_is_reported():
    partners = [p("A", "R1"), p("B", "R1"), p("C", "R2")]
    _, uitkomst, _ = oplossen(partners, vastgezet=[["B", "A"]])
    assert uitkomst["fouten"] == ["vastgezet paar B → A kan niet: zelfde regio"]


def test_capacity_explains_unfilled_panels():
    partners = [p(c, f"R{i}") for i, c in enumerate("ABC")]
    _, uitkomst, panels = oplossen(partners, max_bezoeken=1)
    assert uitkomst["statistiek"]["gevuld"] == 3
    assert len(uitkomst["onvervuld"]) == 3
    assert all(
        "partnerschappen komen in aanmerking, maar:" in o["reden"] for o in uitkomst["onvervuld"]
    )


def test_spread_before_sector_preference():
    # F could take every visit to po partners, but the load must be spread first.
    partners = [
        p("A", "R1"),
        p("B", "R2"),
        p("C", "R3", sector="vo"),
        p("D", "R4", sector="vo"),
        p("E", "R5", sector="vo"),
        p("F", "R6"),
    ]
    _, uitkomst, _ = oplossen(
        partners, te_reviewen=["A", "B"], bezoekers_per_review=2, max_bezoeken=2
    )
    s = uitkomst["statistiek"]
    assert (s["gevuld"], s["hoogste_aantal_bezoeken"]) == (4, 1)
    assert (
        s["zelfde_sector"] == 2
    )  # B↔A cannot both visit each other: A visits B or B visits A, plus F


def test_earlier_pairs_are_avoided_when_possible():
    partners = [p(c, f"R{i}") for i, c in enumerate("ABCD")]
    _, uitkomst, panels = oplossen(
        partners, te_reviewen=["A"], bezoekers_per_review=1, eerdere_paren=[["B", "A"], ["C", "A"]]
    )
    assert panels["A"] == ["D"]
    assert uitkomst["statistiek"]["eerdere_paren"] == 0


def test_problem_errors_name_the_place():
    with pytest.raises(ProbleemFout) as fout:
        lees_probleem(
            {
                "partnerschappen": [{"code": "A"}],
                "te_reviewen": ["Z"],
                "sector": "soms",
                "vastgezet": [["A"]],
            }
        )
    assert str(fout.value) == (
        "te_reviewen: onbekend partnerschap Z; sector: kies uit verplicht, voorkeur, geen; "
        "vastgezet: elk paar is [bezoeker, ontvangend]"
    )


@settings(max_examples=25, deadline=None)
@given(st.integers(3, 9), st.integers(1, 3), st.integers(1, 3), st.randoms(use_true_random=False))
def test_property_never_worse_than_greedy_and_always_valid(n, k, maximum, rnd):
    partners = [
        p(f"P{i}", f"R{rnd.randint(1, 3)}", bestuur=f"b{rnd.randint(1, n)}") for i in range(n)
    ]
    probleem, uitkomst, panels = oplossen(partners, bezoekers_per_review=k, max_bezoeken=maximum)
    assert uitkomst["statistiek"]["gevuld"] >= gretig(probleem)
    for r, bezoekers in panels.items():
        assert len(bezoekers) <= k
        for v in bezoekers:
            assert blokkade(probleem, v, r) is None and r not in panels[v]
    for v in panels:
        assert sum(v in b for b in panels.values()) <= maximum
    if uitkomst["statistiek"]["optimaal_bewezen"] and n <= 6:
        # Brute force on tiny cases: nobody fills more slots.
        paren = [(v, r) for r in panels for v in panels if blokkade(probleem, v, r) is None]
        beste = 0
        for keuze in range(1 << len(paren)):
            gekozen = [paren[i] for i in range(len(paren)) if keuze >> i & 1]
            if len(gekozen) <= beste:
                continue
            if any(sum(1 for _, rr in gekozen if rr == r) > k for r in panels):
                continue
            if any(sum(1 for vv, _ in gekozen if vv == v) > maximum for v in panels):
                continue
            if any((r, v) in gekozen for v, r in gekozen):
                continue
            beste = len(gekozen)
        assert uitkomst["statistiek"]["gevuld"] == beste


def test_command_prints_the_documented_json(tmp_path, capsys):
    bestand = tmp_path / "p.json"
    bestand.write_text(
        json.dumps(
            {
                "partnerschappen": [p("A", "R1"), p("B", "R2"), p("C", "R3")],
                "te_reviewen": ["A"],
            }
        )
    )
    call_command("peer_review_indelen", "--probleem", str(bestand), "--format", "json")
    uit = json.loads(capsys.readouterr().out)
    assert uit["toewijzing"] == [{"ontvangend": "A", "bezoekers": ["B", "C"]}]
    assert (uit["onvervuld"], uit["statistiek"]["gevuld"]) == ([], 2)
    with pytest.raises(CommandError):
        call_command("peer_review_indelen", "--probleem", str(tmp_path / "weg.json"))


@settings(max_examples=40, deadline=None)
@given(
    st.integers(3, 8),
    st.integers(1, 3),
    st.integers(1, 3),
    st.sampled_from(["voorkeur", "geen", "verplicht"]),
    st.randoms(use_true_random=False),
)
def test_property_the_flow_shortcut_gives_cp_sats_optimum(n, k, maximum, sector, rnd):
    """Where the flow's optimum has no reciprocal pair, it is the answer without CP-SAT;
    CP-SAT alone (the shortcut switched off) proves the same value, objective by
    objective, on random problems with sectors, earlier, locked and excluded pairs."""
    codes = [f"P{i}" for i in range(n)]
    partners = [
        p(
            c,
            f"R{rnd.randint(1, 3)}",
            bestuur=f"b{rnd.randint(1, n)}",
            sector=rnd.choice(["po", "vo", "sectoroverstijgend"]),
        )
        for c in codes
    ]
    paren = [(a, b) for a in codes for b in codes if a != b]
    opties = {
        "bezoekers_per_review": k,
        "max_bezoeken": maximum,
        "sector": sector,
        "eerdere_paren": [list(x) for x in rnd.sample(paren, min(len(paren), n))],
        "vastgezet": [list(x) for x in rnd.sample(paren, rnd.randint(0, 1))],
        "uitgesloten": [list(x) for x in rnd.sample(paren, rnd.randint(0, 2))],
    }
    _, met, panels = oplossen(partners, **opties)
    with mock.patch("peer_review.indeling._zonder_wederkerig", return_value=None):
        _, zonder, _ = oplossen(partners, **opties)
    # The same sector is an objective only when it is the preference.
    doelen = ("gevuld", "hoogste_aantal_bezoeken", "eerdere_paren") + (
        ("zelfde_sector",) if sector == "voorkeur" else ()
    )
    if met["statistiek"]["optimaal_bewezen"] and zonder["statistiek"]["optimaal_bewezen"]:
        assert [met["statistiek"][d] for d in doelen] == [zonder["statistiek"][d] for d in doelen]
    for r, bezoekers in panels.items():
        assert all(r not in panels[v] for v in bezoekers)


def test_the_national_case_is_proven_by_the_flow_without_cp_sat():
    """bench/bench_peer_review.py's national case (max 3 visits): the flow's optimum,
    rid of reciprocal pairs at no cost, is the answer; CP-SAT is never built."""
    import sys  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from bench_peer_review import landelijk_probleem  # noqa: PLC0415

    probleem = lees_probleem(landelijk_probleem(3, 10))
    with mock.patch("peer_review.indeling._regels", side_effect=AssertionError("CP-SAT")):
        uitkomst = los_op(probleem)
    s = uitkomst["statistiek"]
    assert (
        s["gevuld"],
        s["hoogste_aantal_bezoeken"],
        s["zelfde_sector"],
        s["eerdere_paren"],
        s["optimaal_bewezen"],
    ) == (300, 2, 300, 0, True)

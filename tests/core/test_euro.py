from regio_portal.core.templatetags.regio import euro


def test_euro_uses_dutch_notation():
    assert [euro(x) for x in ("106250.00", "0.00", "955", "-1234.5", "", None, "abc")] == [
        "€\u00a0106.250,00",
        "€\u00a00,00",
        "€\u00a0955,00",
        "€\u00a0-1.234,50",
        "",
        "",
        "abc",
    ]

"""Reference versions the tests hold the fast code to."""

from __future__ import annotations

from subsidie import services, telregels


def samenvatting_per_besluit(invoer: dict, sector: dict, telling: telregels.Telling) -> dict:
    """A count's aggregates (coverage per region and sector, 'counted elsewhere' per
    partnership) from its decisions one by one, with `samenvatting_tellen` as an
    incremental recount adds and takes out its part: what
    `services.samenvatting_volledig` must give for a full count."""
    per_id = {p.id: p for p in invoer["plaatsingen"]}
    samenvatting: dict = {"dekking": {}, "elders": {}}
    services.samenvatting_tellen(
        samenvatting,
        (
            (per_id[b.plaatsing_id].vestiging, per_id[b.plaatsing_id].partnerschap, b)
            for b in telling.besluiten
        ),
        regio=invoer["regio_van_vestiging"],
        sector=sector,
    )
    return samenvatting

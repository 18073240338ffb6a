"""`{% telling_status snapshot %}`: the notice that a shown count is stale, with what
changed since and that a recount is under way. Every page that shows a count uses it,
so a stale number is never shown as current."""

from django import template

from subsidie.selectors import wijzigingen_tekst

register = template.Library()


@register.inclusion_tag("subsidie/telling_status.html")
def telling_status(snapshot):
    verouderd = bool(snapshot and snapshot.verouderd)
    return {"verouderd": verouderd, "tekst": wijzigingen_tekst(snapshot) if verouderd else ""}

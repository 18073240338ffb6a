"""lijst_url: the remembered reverse() of long lists gives exactly what {% url %} gives."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from regio_portal.core.weergave import lijst_url

CODES = ["P-DPO", "P 1", "Ü-2", "a&b", "100%"]


@pytest.mark.parametrize("code", CODES)
def test_the_same_url_as_reverse_and_as_the_url_tag(code):
    verwacht = reverse("partnerschappen:detail", args=[code])
    assert lijst_url("partnerschappen:detail", code) == verwacht
    assert lijst_url("partnerschappen:detail", code) == verwacht  # remembered, still equal
    sjabloon = (
        "{% load regio %}{% lijst_url 'partnerschappen:detail' c %}"
        "|{% url 'partnerschappen:detail' c %}"
    )
    snel, gewoon = Template(sjabloon).render(Context({"c": code})).split("|")
    assert snel == gewoon


def test_another_script_prefix_is_another_url():
    assert lijst_url("peer_review:review", 7) == "/peer-review/review/7/"
    set_script_prefix("/portaal/")
    try:
        assert lijst_url("peer_review:review", 7) == "/portaal/peer-review/review/7/"
        assert reverse("peer_review:review", args=[7]) == "/portaal/peer-review/review/7/"
    finally:
        set_script_prefix("/")

"""The API against its own OpenAPI document: the document validates (OpenAPI 3.1), and
schemathesis sends generated requests for every operation to the live app (a real HTTP
server on the test database), with a valid key of the institute whose data is there and
with another institute's key. No answer may be a server error or differ from the
document (status, content type, headers, body schema)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from koppelingen.api import openapi_document
from tests.conftest import importeer_voorbeeld
from tests.koppelingen.conftest import sleutel_voor

CONTROLES = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def test_the_openapi_document_is_valid_openapi_31_and_lists_every_operation():
    document = openapi_document()
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert {(pad, methode) for pad, ops in document["paths"].items() for methode in ops} == {
        ("/api/v1/partnerschappen", "get"),
        ("/api/v1/partnerschappen/{code}/schooljaren/{schooljaar}/plaatsingen", "get"),
        ("/api/v1/partnerschappen/{code}/schooljaren/{schooljaar}/plaatsingen", "put"),
        ("/api/v1/partnerschappen/{code}/schooljaren/{schooljaar}/besluiten", "get"),
        ("/api/v1/partnerschappen/{code}/schooljaren/{schooljaar}/opgave", "put"),
        ("/api/v1/partnerschappen/{code}/schooljaren/{schooljaar}/afstemming", "get"),
    }


@pytest.fixture
def live_api(transactional_db, live_server, settings, capsys):
    """The live app with the public example: 21PB has placements in P-DPO and P-EVO;
    25BA (another institute) is a member of P-HOF only."""
    settings.API_LIMIET = "1000000/m"
    importeer_voorbeeld()
    capsys.readouterr()
    return live_server.url


# Built when the module is collected (pytest-django has set Django up by then): one test
# per operation and key.
schema = schemathesis.openapi.from_dict(openapi_document())
HYPOTHESIS = hypothesis_settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


def _controleer(case, url, instituut):
    case.call_and_validate(
        base_url=url,
        headers={"Authorization": f"Bearer {sleutel_voor(instituut)[1]}"},
        checks=CONTROLES,
    )


@schema.parametrize()
@HYPOTHESIS
def test_every_operation_answers_as_documented_with_a_valid_key(case, live_api):
    _controleer(case, live_api, "21PB")


@schema.parametrize()
@HYPOTHESIS
def test_every_operation_answers_as_documented_with_another_institutes_key(case, live_api):
    _controleer(case, live_api, "25BA")

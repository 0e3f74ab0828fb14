"""Schemathesis against the registry's own OpenAPI document (/openapi.json), over real HTTP."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import CHECKS
from schemathesis.generation import GenerationMode

pytestmark = [pytest.mark.registry, pytest.mark.slow]

# Checks that hold for any conforming server: no 5xx, documented status codes, content types
# and response bodies. (Positive-data acceptance does not apply: a valid subject name that was
# never registered is rightly a 404.)
CONFORMANCE = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
               "response_schema_conformance", "response_headers_conformance")
# With valid requests, also: methods a path lacks are 405 with an Allow header, a deleted
# resource is gone, a created one can be read, required headers and auth are enforced.
# (Not negative_data_rejection: like Confluent, the server reads any flag value other than
# "true" as false and ignores unknown query parameters.)
POSITIVE = (*CONFORMANCE, "unsupported_method", "allow_header_conformance", "use_after_free",
            "ensure_resource_availability", "missing_required_header", "ignored_auth")
EXAMPLES = 10  # per operation and mode; about 30 operations


@pytest.mark.parametrize(("mode", "names"), [(GenerationMode.POSITIVE, POSITIVE),
                                             (GenerationMode.NEGATIVE, CONFORMANCE)],
                         ids=["valid-requests", "invalid-requests"])
def test_registry_conforms_to_its_openapi_document(schema_registry: str, mode: GenerationMode,
                                                   names: tuple[str, ...]) -> None:
    """Valid and invalid (hostile) requests alike get documented statuses, types and bodies."""
    api = schemathesis.openapi.from_url(f"{schema_registry}/openapi.json")
    checks = [check for check in CHECKS.get_all() if check.__name__ in names]
    assert len(checks) == len(names)
    failures: list[str] = []
    statuses: list[int] = []
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 28

    for operation in operations:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def exercise(case: schemathesis.Case) -> None:
            response = case.call_and_validate(base_url=schema_registry, checks=checks)
            statuses.append(response.status_code)

        try:
            exercise()
        except (Exception, BaseExceptionGroup) as error:  # schemathesis raises FailureGroup
            if mode is GenerationMode.NEGATIVE and "Unable to satisfy" in str(error):
                continue  # an operation without parameters or body has no invalid request
            failures.append(f"{operation.label}: {str(error)[:600]}")
    assert not failures, "\n\n".join(failures)
    assert len(statuses) >= 3 * len(operations)
    if mode is GenerationMode.POSITIVE:
        assert {200, 404, 422} <= set(statuses)  # successes and documented errors both exercised
    else:
        assert {404, 422} <= set(statuses) and max(statuses) < 500

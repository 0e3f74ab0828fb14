"""Schemathesis against the registry's own OpenAPI document (/openapi.json), over real HTTP."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import CHECKS

pytestmark = [pytest.mark.registry, pytest.mark.slow]

# Checks that hold for any conforming server: no 5xx, documented status codes, content types
# and response bodies. (Positive-data acceptance does not apply: a valid subject name that was
# never registered is rightly a 404.)
CHECK_NAMES = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
               "response_schema_conformance")
EXAMPLES = 10  # per operation; about 30 operations


def test_registry_conforms_to_its_openapi_document(schema_registry: str) -> None:
    api = schemathesis.openapi.from_url(f"{schema_registry}/openapi.json")
    checks = [check for check in CHECKS.get_all() if check.__name__ in CHECK_NAMES]
    assert len(checks) == len(CHECK_NAMES)
    failures: list[str] = []
    statuses: list[int] = []
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 28

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def exercise(case: schemathesis.Case) -> None:
            response = case.call_and_validate(base_url=schema_registry, checks=checks)
            statuses.append(response.status_code)

        try:
            exercise()
        except (Exception, BaseExceptionGroup) as error:  # schemathesis raises FailureGroup
            failures.append(f"{operation.label}: {str(error)[:600]}")
    assert not failures, "\n\n".join(failures)
    assert len(statuses) >= 5 * len(operations)
    assert {200, 404, 422} <= set(statuses)  # successes and documented errors both exercised

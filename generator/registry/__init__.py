"""The Schema Registry stage: a client for any Confluent-compatible registry, and the embedded one.

    >>> from generator.registry import RegistryClient, check_against_registry, start_in_thread
    >>> with start_in_thread("/tmp/registry") as registry:
    ...     client = RegistryClient(registry.url)
    ...     findings = check_against_registry(catalog, client)

Heavy libraries (confluent-kafka, starlette, uvicorn, httpx) load only when used.
"""

from generator.registry._client import (
    AUTH_ENV,
    CA_ENV,
    TOKEN_ENV,
    RegisteredVersion,
    RegistryClient,
    RegistryRequestError,
)
from generator.registry._rules import REGISTRY_RULES
from generator.registry._server import (
    READY_PREFIX,
    ProcessRegistry,
    ThreadedRegistry,
    serve,
    start_in_thread,
    start_process,
)
from generator.registry._sync import (
    Action,
    check_against_registry,
    failed_findings,
    register_catalog,
    registry_url,
)

__all__ = [
    "AUTH_ENV",
    "CA_ENV",
    "READY_PREFIX",
    "REGISTRY_RULES",
    "TOKEN_ENV",
    "Action",
    "ProcessRegistry",
    "RegisteredVersion",
    "RegistryClient",
    "RegistryRequestError",
    "ThreadedRegistry",
    "check_against_registry",
    "failed_findings",
    "register_catalog",
    "registry_url",
    "serve",
    "start_in_thread",
    "start_process",
]

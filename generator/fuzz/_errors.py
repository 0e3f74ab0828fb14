"""The fuzz stage's own error: a schema the catalog takes but no strategy can draw values for."""

from __future__ import annotations

from generator.errors import ContractsError


class StrategyError(ContractsError):
    """No values can be drawn for this schema (it has no finite value, or uses what the
    strategies do not support); `pointer` says where."""

    def __init__(self, message: str, pointer: str = "") -> None:
        super().__init__(message)
        self.pointer = pointer

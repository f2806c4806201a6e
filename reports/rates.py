"""A report's figures: counts, and rates that always carry their numerator and denominator."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        """A fraction from 0 to 1, or None when there is nothing to divide."""
        return self.numerator / self.denominator if self.denominator else None

    @property
    def data_value(self) -> str:
        """For ``data-value``: 0.875, 1 or 0; empty with a zero denominator."""
        value = self.value
        if value is None:
            return ""
        return f"{value:.4f}".rstrip("0").rstrip(".") or "0"

    @property
    def percent(self) -> str:
        value = self.value
        return "—" if value is None else f"{100 * value:.1f}%".replace(".0%", "%")

    @property
    def fraction(self) -> str:
        return f"{self.numerator}/{self.denominator}"

    def __str__(self) -> str:
        return f"{self.percent}（{self.fraction}）"


@dataclass(frozen=True)
class Figure:
    """One line of a section: ``key`` is the contract's name (data-metric) or empty."""

    label: str
    current: int | Rate | str
    previous: int | Rate | str
    key: str = ""
    help: str = ""

    @property
    def is_rate(self) -> bool:
        return isinstance(self.current, Rate)

    @staticmethod
    def data(value) -> str:
        if isinstance(value, Rate):
            return value.data_value
        return "" if value is None else str(value)

    @property
    def current_data(self) -> str:
        return self.data(self.current)

    @property
    def previous_data(self) -> str:
        return self.data(self.previous)


def rate(row: dict, numerator: str, denominator: str) -> Rate:
    return Rate(row.get(numerator) or 0, row.get(denominator) or 0)

"""Which literal values pages say as quantities (a figure's value, an amount: 2500亿元, 250
billion yuan by :func:`kg.messages.quantity`), and in which unit."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from kg.namespaces import KG

# The predicates whose values are quantities a page says in 万 / 亿 (thousand / million):
# each to the predicate of its subject's unit, and the unit the ontology gives when the
# subject states none (amounts are in yuan unless kg:currency says otherwise).
QUANTITIES: dict[str, tuple[str, str | None]] = {
    KG.value.value: (KG.unit.value, None),
    KG.registeredCapital.value: (KG.currency.value, "CNY"),
    KG.totalInvestment.value: (KG.currency.value, "CNY"),
}


def is_quantity(predicate: str, value: str) -> bool:
    """Whether the value ``value`` of ``predicate`` is a quantity a page says in words.

    >>> is_quantity(str(KG.value.value), "250000000000"), is_quantity(str(KG.value.value), "x")
    (True, False)
    >>> is_quantity(str(KG.startOffset.value), "12000")
    False
    """
    if predicate not in QUANTITIES:
        return False
    try:
        return Decimal(value).is_finite()
    except InvalidOperation:
        return False


def unit_of(predicate: str, said: Mapping[str, str]) -> str | None:
    """The unit of a quantity of ``predicate``: its subject's (``said``: the subject's
    literal values by predicate), else the ontology's.

    >>> unit_of(str(KG.totalInvestment.value), {}), unit_of(str(KG.value.value), {})
    ('CNY', None)
    >>> unit_of(str(KG.value.value), {str(KG.unit.value): "CNY"})
    'CNY'
    """
    of, default = QUANTITIES.get(predicate, ("", None))
    return said.get(of) or default


__all__ = ["QUANTITIES", "is_quantity", "unit_of"]

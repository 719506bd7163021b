"""Cell values as RDF literals: dates, amounts of money, numbers, text.

Each converter takes a cell (text, number or date, as the reader gives it) and returns the
literal, or raises ``ValueError`` with a reason a person can act on.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from pyoxigraph import Literal

from kg.imports.read import cell_text
from kg.namespaces import XSD

DATE, DECIMAL, INTEGER = XSD.date, XSD.decimal, XSD.integer
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial day 1 is 1900-01-01 (with Excel's leap-year bug)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
CURRENCIES = {
    "人民币": "CNY",
    "元": "CNY",
    "美元": "USD",
    "港元": "HKD",
    "港币": "HKD",
    "欧元": "EUR",
    "日元": "JPY",
    "英镑": "GBP",
    "澳门元": "MOP",
    "新台币": "TWD",
}
UNITS = {
    "": 1,
    "元": 1,
    "千元": 1_000,
    "万": 10_000,
    "万元": 10_000,
    "亿": 100_000_000,
    "亿元": 100_000_000,
}
_MONEY = re.compile(
    r"(?P<n>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<unit>千|万|亿)?\s*(?:\(?(?P<cur>[^\d()（）]*?)\)?)?"
)


def to_date(value: object) -> Literal:
    """An ``xsd:date``.

    >>> [to_date(v).value for v in ("2015-03-02", "2015/3/2", "2015年3月2日", "20150302", 42065.0)]
    ['2015-03-02', '2015-03-02', '2015-03-02', '2015-03-02', '2015-03-02']
    >>> to_date("三月")
    Traceback (most recent call last):
    ...
    ValueError: '三月' is not a date (write 2015-03-02)
    """
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        n = int(value)
        if n != value:
            raise ValueError(f"{value!r} is not a date")
        if 10_000_000 <= n <= 99_999_999:
            day = _compact(str(n))
        elif 1 <= n < 2_958_466:  # a spreadsheet's day number
            day = EXCEL_EPOCH + dt.timedelta(days=n)
        else:
            raise ValueError(f"{value!r} is not a date")
    else:
        text = cell_text(value)
        m = _DATE.fullmatch(text)
        try:
            if m:
                day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            elif _COMPACT.fullmatch(text):
                day = _compact(text)
            else:
                raise ValueError
        except ValueError:
            raise ValueError(f"{text!r} is not a date (write 2015-03-02)") from None
    return Literal(day.isoformat(), datatype=DATE)


def _compact(text: str) -> dt.date:
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def to_money(value: object, unit: str = "元") -> tuple[Literal, str]:
    """An amount in units of its currency (``xsd:decimal``) and the currency's ISO 4217
    code. A bare number counts in ``unit`` (the column's: 万元 when the header says so).

    >>> [(a.value, c) for a, c in (to_money(v) for v in ("500万元人民币", "1,200万人民币", "50万美元", "1.2亿", "3000"))]
    [('5000000', 'CNY'), ('12000000', 'CNY'), ('500000', 'USD'), ('120000000', 'CNY'), ('3000', 'CNY')]
    >>> to_money(500.5, "万元")[0].value
    '5005000'
    >>> to_money("若干")
    Traceback (most recent call last):
    ...
    ValueError: '若干' is not an amount (write 500万元人民币 or 5000000)
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        amount, currency = Decimal(str(value)) * UNITS[unit], "CNY"
    else:
        text = cell_text(value).replace(" ", "").replace("（", "(").replace("）", ")")
        m = _MONEY.fullmatch(text)
        cur_text = (m.group("cur") or "").strip("()") if m else ""
        scale = m.group("unit") if m else None
        if cur_text.startswith(("万", "亿", "千")):  # 500(万元)
            scale, cur_text = cur_text[0], cur_text[1:]
        if cur_text.startswith("元") and len(cur_text) > 1:  # 万元人民币
            cur_text = cur_text[1:]
        named = CURRENCIES.get(cur_text) if cur_text else "CNY"
        if m is None or named is None:
            raise ValueError(f"{text!r} is not an amount (write 500万元人民币 or 5000000)")
        try:
            amount = Decimal(m.group("n").replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"{text!r} is not an amount") from None
        currency = named
        amount *= UNITS[scale or ""] if scale else UNITS[unit]
    return Literal(_plain(amount), datatype=DECIMAL), currency


def _plain(d: Decimal) -> str:
    """A decimal without exponent or trailing zeros.

    >>> _plain(Decimal("5005000.000")), _plain(Decimal("0.50"))
    ('5005000', '0.5')
    """
    return format(d.normalize(), "f")


def to_decimal(value: object) -> Literal:
    """An ``xsd:decimal``.

    >>> to_decimal("12.50").value, to_decimal(3.0).value
    ('12.5', '3')
    """
    try:
        d = Decimal(cell_text(value).replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"{cell_text(value)!r} is not a number") from None
    if not d.is_finite():
        raise ValueError(f"{cell_text(value)!r} is not a number")
    return Literal(_plain(d), datatype=DECIMAL)


def to_integer(value: object) -> Literal:
    """An ``xsd:integer``.

    >>> to_integer("1,200").value
    '1200'
    """
    text = cell_text(value).replace(",", "")
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError(f"{text!r} is not a whole number")
    return Literal(str(int(text)), datatype=INTEGER)


def to_text(value: object, lang: str | None) -> Literal:
    """The cell's text, blanks at either end removed."""
    text = value.strip() if isinstance(value, str) else cell_text(value)
    return Literal(text, language=lang) if lang else Literal(text)


__all__ = ["CURRENCIES", "UNITS", "to_date", "to_decimal", "to_integer", "to_money", "to_text"]

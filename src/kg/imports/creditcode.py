"""The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters.

=========  ============================================================
position   meaning
=========  ============================================================
1          registration authority (登记管理部门代码: 9 market regulation, 5 civil affairs, ...)
2          kind of organisation (机构类别代码)
3-8        the registering administrative division (GB/T 2260)
9-17       the organisation code (主体标识码)
18         the check digit
=========  ============================================================

The characters are the digits and the capital letters without I, O, Z, S and V (31 in
all, valued 0..30 in that order); the check digit makes the weighted sum of all 18 values
a multiple of 31, the weight of position ``i`` (from 1) being ``3**(i-1) mod 31``.

>>> check_digit("91350100M000100Y4")
'3'
>>> validate("91350100M000100Y43")
'91350100M000100Y43'
>>> validate("91350100M000100Y44")
Traceback (most recent call last):
...
ValueError: check digit is 4, the code's first 17 characters give 3
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUE = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
LENGTH = 18


def check_digit(first17: str) -> str:
    """The 18th character that the first 17 call for."""
    total = sum(VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalise(code: str) -> str:
    """As written in exports: surrounding and inner blanks dropped, full-width characters
    made ASCII, letters upper-cased.

    >>> normalise(" 9135 0100m000100y43 ")
    '91350100M000100Y43'
    >>> normalise("９１３５０１００Ｍ０００１００Ｙ４３")
    '91350100M000100Y43'
    """
    if (
        len(code) == LENGTH
        and code.isascii()
        and code.isalnum()
        and (code.isupper() or code.isdigit())
    ):
        return code
    out = []
    for c in code:
        if c.isspace() or c == "\u3000":
            continue
        if "\uff01" <= c <= "\uff5e":  # full-width ASCII
            c = chr(ord(c) - 0xFEE0)
        out.append(c.upper())
    return "".join(out)


def validate(code: str) -> str:
    """The code, normalised, if it is well formed; otherwise ``ValueError`` saying why."""
    code = normalise(code)
    if len(code) != LENGTH:
        raise ValueError(f"a credit code has {LENGTH} characters, this one {len(code)}")
    bad = sorted({c for c in code if c not in VALUE})
    if bad:
        raise ValueError(
            f"{', '.join(bad)} cannot occur in a credit code "
            "(digits and capital letters other than I, O, Z, S, V)"
        )
    expected = check_digit(code[:17])
    if code[17] != expected:
        raise ValueError(
            f"check digit is {code[17]}, the code's first 17 characters give {expected}"
        )
    return code


def division(code: str) -> str:
    """The administrative division code inside a valid credit code (positions 3-8).

    >>> division("91350100M000100Y43")
    '350100'
    """
    return code[2:8]


__all__ = ["ALPHABET", "check_digit", "division", "normalise", "validate"]

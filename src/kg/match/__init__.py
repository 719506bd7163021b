"""Partner matching: which organisations and sites fit an industry (in a region), and why;
and, for an industry chain, the gap analysis and the partners to approach.

Modules: ``kinds`` (who can be a partner), ``index`` (a chain's members, by every path the
graph has), ``cache`` (indexes per store revision, in memory and on disk, and their warming),
``gaps`` (gap analysis), ``scoring`` (pure scoring), ``groups`` (grouping and paging),
``explain`` (explanation codes with facts and evidence), ``words`` (the codes in zh and
en), ``chain`` (the chain match), ``engine`` (the industry match), ``report`` (CSV, tables).
"""

from kg.match.cache import ChainIndexes
from kg.match.chain import ChainMatch, ChainQuery, match_chain
from kg.match.engine import MatchQuery, MatchResult, match_partners
from kg.match.kinds import PARTNER_KINDS
from kg.match.scoring import ChainWeights, Weights

__all__ = [
    "PARTNER_KINDS",
    "ChainIndexes",
    "ChainMatch",
    "ChainQuery",
    "ChainWeights",
    "MatchQuery",
    "MatchResult",
    "Weights",
    "match_chain",
    "match_partners",
]

"""Partner matching: which organisations and sites fit an industry (in a region), and why;
and, for an industry chain, the gap analysis and the partners to approach."""

from kg.match.chain import ChainMatch, ChainQuery, ChainWeights, match_chain
from kg.match.engine import PARTNER_KINDS, MatchQuery, MatchResult, match_partners
from kg.match.scoring import Weights

__all__ = [
    "PARTNER_KINDS",
    "ChainMatch",
    "ChainQuery",
    "ChainWeights",
    "MatchQuery",
    "MatchResult",
    "Weights",
    "match_chain",
    "match_partners",
]

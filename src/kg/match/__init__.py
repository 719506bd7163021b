"""Partner matching: which organisations and sites fit an industry (in a region), and why."""

from kg.match.engine import PARTNER_KINDS, MatchQuery, MatchResult, match_partners
from kg.match.scoring import Weights

__all__ = ["PARTNER_KINDS", "MatchQuery", "MatchResult", "Weights", "match_partners"]

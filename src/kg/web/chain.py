"""The chain pages: the list of chains, and one chain - its segments with the region's
players and gaps, and the partners to approach group by group (the chain match)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from kg.chains import chain_profile, list_chains
from kg.entities import Label
from kg.errors import KGError
from kg.iris import Minter
from kg.match import ChainQuery, match_chain
from kg.match.cache import ChainIndexes
from kg.match.words import WORDS
from kg.review import Unreviewed
from kg.store import Store
from kg.web.choices import INDUSTRIES, industry_options, region_options, with_part_of

CHAIN_PAGE_TOP = 5  # candidates per group on a chain page (the CSV has them all)


@dataclass(frozen=True)
class ChainsPage:
    chains: list[dict[str, object]]  # kg.chains.list_chains: each chain, its industry, its size
    industries: list[Label]


@dataclass(frozen=True)
class ChainPage:
    p: dict[
        str, object
    ]  # the chain's profile (ChainProfile.to_dict: the segments, the region's players)
    regions: list[Label]
    unreviewed: str = (
        Unreviewed.INCLUDE.value
    )  # whether candidates unreviewed facts alone back count
    unreviewed_choices: tuple[str, ...] = tuple(Unreviewed)
    partners: dict[str, object] | None = None  # the chain match, as /api/chain-match gives it
    max_score: float = 1.0  # the highest score shown (the scale of the score bars)
    csv_href: str | None = None  # every candidate, as CSV
    error: KGError | None = None  # what was wrong with the form (a region no place is called)
    place: str = ""  # with an error: the region asked for, as given (the form shows it again)


def chains(store: Store, minter: Minter) -> ChainsPage:
    return ChainsPage(list_chains(store), industry_options(store, minter, classes=INDUSTRIES))


def chain(
    store: Store,
    minter: Minter,
    indexes: ChainIndexes,
    name: str,
    region: str | None,
    unreviewed: str = Unreviewed.INCLUDE.value,
    error: KGError | None = None,
) -> ChainPage:
    """A chain's profile; in a region, with the partners to approach (with ``unreviewed``
    ``exclude``: not those only unreviewed facts back, :class:`kg.review.Unreviewed`). With
    ``error`` (what was wrong with the region asked for): the chain everywhere, and the
    form with the region as typed."""
    policy = Unreviewed.parse(unreviewed)
    if error is not None:
        profile = chain_profile(store, minter, name, None, indexes=indexes)
        regions = region_options(store, region)
        return ChainPage(
            profile.to_dict(show=30), regions, policy.value, error=error, place=region or ""
        )
    profile = chain_profile(store, minter, name, region, indexes=indexes)
    if profile.region is None:
        return ChainPage(profile.to_dict(show=30), region_options(store, None), policy.value)
    query = ChainQuery(profile.chain.iri, profile.region.iri, top=CHAIN_PAGE_TOP, unreviewed=policy)
    found = match_chain(store, minter, query, indexes=indexes)
    # where the region lies, as the match answered it (not read again)
    regions = region_options(store, profile.region.iri, found.region_within)
    scores = [c.score for cs in found.groups.values() for c in cs]
    params = {"chain": profile.chain.iri, "region": profile.region.iri, "top": 1000}
    params |= {"unreviewed": policy.value} if policy is not Unreviewed.INCLUDE else {}
    shown = profile.to_dict(show=30)
    with_part_of(store, shown.get("region"), found.region_within)
    return ChainPage(
        shown,
        regions,
        policy.value,
        partners=found.to_dict(WORDS),
        max_score=max(scores, default=1.0) or 1.0,
        csv_href="/api/chain-match?" + urlencode(params),
    )


__all__ = ["CHAIN_PAGE_TOP", "ChainPage", "ChainsPage", "chain", "chains"]

"""Who can be a partner - one definition, from the ontology's classes.

Every kg class has a *kind* (:data:`kg.entities.KINDS`). The subclasses of
``kg:Organization`` are organisations; of those, public bodies (government, media) are the
region's counterparts, not partners to approach; universities and research institutes are
research partners. The subclasses of ``kg:IndustrialSite`` are parks (places to host an
investment, or elsewhere a benchmark), and ``kg:InvestmentProject`` is a project.
``tests/test_match_kinds.py`` checks these tuples against ``ontology/kg.ttl``, so a class
added to the ontology cannot be forgotten here. A ``kind`` parameter is checked against
them by the one check of kinds, :func:`kg.entities.check_kinds`.

>>> PARTNER_KINDS
('enterprise', 'platform', 'association', 'organization', 'university', 'research-institute', 'park')
"""

from __future__ import annotations

RESEARCH_KINDS = ("university", "research-institute")
# organisations a region approaches as partners (kinds of kg:Organization but public bodies)
ORGANIZATION_KINDS = ("enterprise", "platform", "association", "organization", *RESEARCH_KINDS)
# kinds of kg:Organization that are counterparts, not partners
PUBLIC_KINDS = ("government", "media")
SITE_KINDS = ("park",)  # every kind of kg:IndustrialSite
PROJECT_KINDS = ("project",)  # kg:InvestmentProject
# what an industry-level partner match may return
PARTNER_KINDS = (*ORGANIZATION_KINDS, *SITE_KINDS)
# what belongs to a chain: partners, and the projects that tie them (or stand alone)
MEMBER_KINDS = (*ORGANIZATION_KINDS, *SITE_KINDS, *PROJECT_KINDS)


__all__ = [
    "MEMBER_KINDS",
    "ORGANIZATION_KINDS",
    "PARTNER_KINDS",
    "PROJECT_KINDS",
    "PUBLIC_KINDS",
    "RESEARCH_KINDS",
    "SITE_KINDS",
]

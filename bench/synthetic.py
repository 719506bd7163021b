"""Deterministic synthetic data for benchmarks - never real, never mixed with real data.

Every IRI lives under ``https://w3id.org/kg-industry/synthetic/`` and every triple in the
named graph ``https://w3id.org/kg-industry/synthetic/graph``; labels say 合成 / synthetic.
The structure follows the real ontology: provinces > cities > districts (kg:partOf),
industry chains with upstream / midstream / downstream segments, enterprises located in
districts and operating in segments (some with a tier, some building a project), parks,
universities, research institutes and policies.

    python bench/synthetic.py --enterprises 100000 -o var/bench/synthetic-100k.nq
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path

KG = "https://w3id.org/kg-industry/def#"
SYN = "https://w3id.org/kg-industry/synthetic/"
GRAPH = f"<{SYN}graph>"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
BROADER = "<http://www.w3.org/2004/02/skos/core#broader>"

PROVINCES, CITIES, DISTRICTS = 10, 10, 5
CHAINS, GROUPS = 20, 4
POSITIONS = ("Upstream", "Midstream", "Downstream")
TIERS = (
    "central-soe",
    "fortune-global-500",
    "china-top-500",
    "private-top-500",
    "little-giant",
    "single-champion",
    "unicorn",
)


def iri(path: str) -> str:
    return f"<{SYN}{path}>"


def kg(term: str) -> str:
    return f"<{KG}{term}>"


def lit(text: str, lang: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + f'"@{lang}'


def quads(enterprises: int, seed: int = 20241128) -> Iterator[str]:
    rng = random.Random(seed)

    def q(s: str, p: str, o: str) -> str:
        return f"{s} {p} {o} {GRAPH} .\n"

    districts: list[str] = []
    for p in range(PROVINCES):
        prov = iri(f"place/p{p}")
        yield q(prov, RDF_TYPE, kg("Province"))
        yield q(prov, LABEL, lit(f"合成省{p}", "zh"))
        yield q(prov, LABEL, lit(f"Synthetic province {p}", "en"))
        for c in range(CITIES):
            city = iri(f"place/p{p}-c{c}")
            yield q(city, RDF_TYPE, kg("City"))
            yield q(city, kg("partOf"), prov)
            yield q(city, LABEL, lit(f"合成市{p}-{c}", "zh"))
            yield q(city, LABEL, lit(f"Synthetic city {p}-{c}", "en"))
            for d in range(DISTRICTS):
                district = iri(f"place/p{p}-c{c}-d{d}")
                districts.append(district)
                yield q(district, RDF_TYPE, kg("District"))
                yield q(district, kg("partOf"), city)
                yield q(district, LABEL, lit(f"合成区{p}-{c}-{d}", "zh"))
                yield q(district, LABEL, lit(f"Synthetic district {p}-{c}-{d}", "en"))

    segments: list[str] = []
    industries: list[str] = []
    for g in range(GROUPS):
        group = iri(f"group/g{g}")
        yield q(group, RDF_TYPE, kg("IndustryGroup"))
        yield q(group, LABEL, lit(f"合成产业类别{g}", "zh"))
        yield q(group, LABEL, lit(f"Synthetic industry group {g}", "en"))
    for k in range(CHAINS):
        industry = iri(f"industry/i{k}")
        chain = iri(f"chain/i{k}")
        industries.append(industry)
        yield q(industry, RDF_TYPE, kg("Industry"))
        yield q(industry, BROADER, iri(f"group/g{k % GROUPS}"))
        yield q(industry, LABEL, lit(f"合成产业{k}", "zh"))
        yield q(industry, LABEL, lit(f"Synthetic industry {k}", "en"))
        yield q(chain, RDF_TYPE, kg("IndustryChain"))
        yield q(chain, kg("chainOf"), industry)
        yield q(chain, LABEL, lit(f"合成产业链{k}", "zh"))
        yield q(chain, LABEL, lit(f"Synthetic chain {k}", "en"))
        for position in POSITIONS:
            segment = iri(f"segment/i{k}-{position.lower()}")
            segments.append(segment)
            yield q(segment, RDF_TYPE, kg("ChainSegment"))
            yield q(segment, kg("segmentOf"), chain)
            yield q(segment, BROADER, industry)
            yield q(segment, kg("segmentPosition"), kg(position))
            yield q(segment, LABEL, lit(f"合成产业{k}{position}", "zh"))
            yield q(segment, LABEL, lit(f"Synthetic industry {k} {position.lower()}", "en"))

    for t in TIERS:
        yield q(iri(f"tier/{t}"), RDF_TYPE, kg("Tier"))
        yield q(iri(f"tier/{t}"), LABEL, lit(f"合成类别{t}", "zh"))

    def organisations(kind: str, prefix: str, count: int, zh: str, en: str) -> Iterator[str]:
        for n in range(count):
            org = iri(f"{prefix}/{n}")
            yield q(org, RDF_TYPE, kg(kind))
            yield q(org, LABEL, lit(f"{zh}{n}", "zh"))
            yield q(org, LABEL, lit(f"{en} {n}", "en"))
            yield q(org, kg("locatedIn"), rng.choice(districts))
            for industry in rng.sample(industries, 2):
                yield q(org, kg("operatesIn"), industry)

    yield from organisations(
        "University", "university", max(50, enterprises // 500), "合成大学", "Synthetic university"
    )
    yield from organisations(
        "ResearchInstitute",
        "institute",
        max(50, enterprises // 300),
        "合成研究院",
        "Synthetic institute",
    )
    for n, district in enumerate(districts[::2]):
        park = iri(f"park/{n}")
        yield q(park, RDF_TYPE, kg("IndustrialPark"))
        yield q(park, LABEL, lit(f"合成产业园{n}", "zh"))
        yield q(park, kg("locatedIn"), district)
        yield q(park, kg("inIndustry"), rng.choice(industries))
    for n in range(100):
        policy = iri(f"policy/{n}")
        yield q(policy, RDF_TYPE, kg("Policy"))
        yield q(policy, LABEL, lit(f"合成政策{n}", "zh"))
        yield q(policy, kg("supportsIndustry"), rng.choice(industries))
        yield q(policy, kg("supportsRegion"), iri(f"place/p{rng.randrange(PROVINCES)}"))

    # Enterprises cluster: a few districts hold many (a rough Zipf law).
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(districts))]
    placed = rng.choices(districts, weights=weights, k=enterprises)
    for n in range(enterprises):
        e = iri(f"enterprise/{n}")
        yield q(e, RDF_TYPE, kg("Enterprise"))
        yield q(e, LABEL, lit(f"合成企业{n}", "zh"))
        yield q(e, LABEL, lit(f"Synthetic enterprise {n}", "en"))
        yield q(e, kg("locatedIn"), placed[n])
        for segment in rng.sample(segments, rng.choice((1, 1, 2))):
            yield q(e, kg("operatesIn"), segment)
        if rng.random() < 0.1:
            yield q(e, kg("tier"), iri(f"tier/{rng.choice(TIERS)}"))
        if rng.random() < 0.05:
            project = iri(f"project/{n}")
            yield q(project, RDF_TYPE, kg("InvestmentProject"))
            yield q(project, LABEL, lit(f"合成项目{n}", "zh"))
            yield q(project, kg("inIndustry"), rng.choice(industries))
            yield q(project, kg("locatedIn"), rng.choice(districts))
            yield q(e, kg("builds"), project)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20241128)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with args.output.open("w", encoding="utf-8") as out:
        for line in quads(args.enterprises, args.seed):
            out.write(line)
            n += 1
    print(f"{n} quads -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Explanation codes in words, zh and en - the one place the web, the CSV, the terminal
table and the API's ``text`` / ``text_en`` get them from (:mod:`kg.match.explain` lists the
codes)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

RELATIONS = {
    "operatesIn": ("从事", "operates in"),
    "inIndustry": ("属于", "belongs to"),
    "builds": ("建设", "builds"),
    "investsIn": ("投资", "invests in"),
    "participatesIn": ("参与", "takes part in"),
    "operates": ("运营", "runs"),
    "establishes": ("成立", "founded"),
    "site": ("承载", "hosts"),
    "industryClass": ("登记为", "is registered as"),
}
STATUS = {
    "gap": ("缺失", "a gap"),
    "weak": ("薄弱", "weak"),
    "present": ("已有", "present"),
}
COVERAGE = {
    "map": ("产业链图把它列入该环节", "the chain map puts it in this segment"),
    "exactMatch": (
        "它与该环节的国民经济行业分类类别对应（exactMatch）",
        "it matches a GB/T 4754 class of the segment (exactMatch)",
    ),
    "broadMatch": (
        "它属于该环节的国民经济行业分类类别（broadMatch）",
        "it lies within a GB/T 4754 class of the segment (broadMatch)",
    ),
    "closeMatch": (
        "它与该环节的国民经济行业分类类别相近（closeMatch）",
        "it is close to a GB/T 4754 class of the segment (closeMatch)",
    ),
    "chain": ("只知属于本产业链所属产业，环节未知", "only its industry is known, not its segment"),
    "keyword": ("关键词来自产业链图", "the keyword is the chain map's"),
}
GROUPS = {
    "strengthen": ("强链 · 本地企业与项目", "强链 · local players to strengthen"),
    "fill": ("补链 · 区外补齐缺失环节", "补链 · organisations elsewhere that fill gaps"),
    "extend": ("延链 · 区外延伸产业链", "延链 · organisations elsewhere that extend the chain"),
    "research": ("高校院所", "universities and research institutes"),
    "benchmarks": ("对标 · 区外园区与项目", "benchmarks · parks and projects elsewhere"),
}


def _p(params: Mapping[str, object], key: str, en: bool) -> str:
    if en:
        value = params.get(f"{key}_label_en") or params.get(f"{key}_label") or params.get(key)
    else:
        value = params.get(f"{key}_label") or params.get(key)
    text = str(value or "")
    return text.rsplit("/", 1)[-1] if text.startswith("http") else text


def reason(code: str, params: Mapping[str, Any]) -> tuple[str, str]:  # JSON-like values
    """One reason in words: (zh, en)."""
    seg_zh, seg_en = _p(params, "segment", False), _p(params, "segment", True)
    status = params.get("status")
    st_zh, st_en = STATUS.get(str(status), ("", ""))
    where_zh = f"「{seg_zh}」环节（本地{st_zh}）" if seg_zh else "本产业链（环节未知）"
    where_en = (
        f"the segment {seg_en} ({st_en} locally)" if seg_en else "the chain (segment not known)"
    )
    rel_zh, rel_en = RELATIONS.get(str(params.get("relation")), ("关联", "is tied to"))
    concept_zh, concept_en = _p(params, "concept", False), _p(params, "concept", True)
    via_zh, via_en = _p(params, "via", False), _p(params, "via", True)
    carrier_zh, carrier_en = _p(params, "carrier", False), _p(params, "carrier", True)
    by_zh = f"（通过「{carrier_zh}」）" if carrier_zh else ""
    by_en = f" (through {carrier_en})" if carrier_en else ""
    cov_zh, cov_en = COVERAGE.get(str(params.get("coverage")), ("", ""))
    cov_zh = f"；{cov_zh}" if cov_zh else ""
    cov_en = f"; {cov_en}" if cov_en else ""
    if code == "member.industry" and params.get("concept") == params.get("segment"):
        return (f"{rel_zh}{where_zh}{by_zh}", f"{rel_en} {where_en}{by_en}")
    if code == "member.industry":
        return (
            f"{rel_zh}{concept_zh}{by_zh}，属于{where_zh}{cov_zh}",
            f"{rel_en} {concept_en}{by_en}, in {where_en}{cov_en}",
        )
    if code in ("member.project", "member.operates", "member.founded"):
        return (
            f"{rel_zh}「{via_zh}」（{concept_zh}）{by_zh}，属于{where_zh}{cov_zh}",
            f"{rel_en} {via_en} ({concept_en}){by_en}, in {where_en}{cov_en}",
        )
    if code == "member.site":
        return (
            f"承载「{via_zh}」（{concept_zh}）{by_zh}，属于{where_zh}{cov_zh}",
            f"hosts {via_en} ({concept_en}){by_en}, in {where_en}{cov_en}",
        )
    if code == "member.registered":
        return (
            f"登记行业为{concept_zh}，属于{where_zh}",
            f"registered under GB/T 4754 {concept_en}, in {where_en}",
        )
    if code == "member.keyword":
        kw = params.get("keyword")
        return (
            f"有关它的原句提到「{kw}」{by_zh}，属于{where_zh}（关键词推断，较弱）",
            f"a sentence about it{by_en} names “{kw}”: {where_en} (a keyword inference, weaker)",
        )
    also_zh = "、".join(map(str, params.get("also_labels") or []))
    also_en = ", ".join(map(str, params.get("also_labels_en") or []))
    with_zh = f"（含{also_zh}）" if also_zh else ""
    with_en = f" (with {also_en})" if also_en else ""
    if code == "where.local":
        places_zh = "、".join(map(str, params.get("places_labels") or []))
        places_en = ", ".join(map(str, params.get("places_labels_en") or []))
        return (
            f"在本地区{with_zh}：位于{places_zh}" if places_zh else f"在本地区{with_zh}",
            f"in the region{with_en}: in {places_en}" if places_en else f"in the region{with_en}",
        )
    if code == "where.outside":
        return (f"在区外{with_zh}：可引进的伙伴", f"elsewhere{with_en}: a partner to bring in")
    if code == "where.unknown":
        return (
            f"地点不详{with_zh}：图谱未给出它（或其项目、载体）的位置，按区外对待",
            f"location not known{with_en}: the graph gives no place for it (or its project or site); treated as not in the region",
        )
    if code == "where.around":
        places_zh = "、".join(map(str, params.get("places_labels") or []))
        places_en = ", ".join(map(str, params.get("places_labels_en") or []))
        return (
            f"位置不够具体{with_zh}：图谱只说它在{places_zh}（含本地区），可能在本地，按区外对待",
            f"placed only in {places_en}{with_en}, which contains the region: it may be here; treated as not in the region",
        )
    if code == "where.benchmark":
        return (
            f"区外园区或项目{with_zh}：竞争同一产业链的对标，不是招引对象",
            f"a park or project elsewhere{with_en}: a benchmark competing for the same chain, not a partner",
        )
    sources, sentences = params.get("sources", 0), params.get("sentences", 0)
    if code == "trust.reviewed":
        return (
            f"有已审核的来源事实（{sources} 篇文献，{sentences} 句）",
            f"reviewed facts back it ({sources} document(s), {sentences} sentence(s))",
        )
    if code == "trust.asserted":
        return (
            "来自导入或加载的数据集（无原句可审）",
            "stated by an imported or loaded dataset (no sentence to review)",
        )
    if code == "trust.unreviewed":
        return (
            f"仅有未审核的新闻抽取事实（{sources} 篇文献，{sentences} 句）",
            f"only unreviewed facts extracted from the news ({sources} document(s), {sentences} sentence(s))",
        )
    return (code, code)


def editorial(links: list[Mapping[str, object]]) -> tuple[str, str]:
    """The note a reason gets when it rests on editorial links."""
    zh = "；".join(f"{x.get('words') or '编辑关联'}：{x.get('rationale')}" for x in links)
    en = "; ".join(f"{x.get('words') or 'editorial link'}: {x.get('rationale')}" for x in links)
    return (
        f"依据编辑关联（非来源原句）：{zh}",
        f"rests on editorial links (no source sentence): {en}",
    )


def segment(state: Mapping[str, Any]) -> tuple[str, str]:  # JSON-like values
    """A segment's status in words."""
    name_zh, name_en = (
        str(state.get("label") or ""),
        str(state.get("label_en") or state.get("label") or ""),
    )
    n, elsewhere = int(state.get("local_count") or 0), int(state.get("elsewhere_count") or 0)
    below = int(state.get("weak_below") or 3)
    if state.get("status") == "gap":
        return (
            f"缺失：本地没有「{name_zh}」环节的企业或机构，区外已知 {elsewhere} 个",
            f"gap: no local player in {name_en}; {elsewhere} known elsewhere",
        )
    if state.get("status") == "weak":
        return (
            f"薄弱：本地仅 {n} 个（少于 {below} 个），区外已知 {elsewhere} 个",
            f"weak: {n} local player(s), fewer than {below}; {elsewhere} known elsewhere",
        )
    return (
        f"已有：本地 {n} 个，区外已知 {elsewhere} 个",
        f"present: {n} local players; {elsewhere} known elsewhere",
    )


def group(name: str) -> tuple[str, str]:
    return GROUPS.get(name, (name, name))


class Words:
    """What :meth:`kg.match.explain.Reason.to_dict` calls for its text."""

    def reason(self, r: object) -> tuple[str, str]:
        zh, en = reason(r.code, r.params)  # type: ignore[attr-defined]  # a Reason (no import: explain imports this)
        if getattr(r, "editorial", None):
            ezh, een = editorial(r.editorial)  # type: ignore[attr-defined]  # as above
            return f"{zh}。{ezh}", f"{en}. {een}"
        return zh, en


WORDS = Words()

__all__ = ["WORDS", "Words", "editorial", "group", "reason", "segment"]

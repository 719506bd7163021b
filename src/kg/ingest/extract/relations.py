"""Relations between the mentions of one sentence: a table of small rules (:data:`RULES`),
each with the predicate it states and its confidence. Precision over recall: a rule states
a relation only where the sentence's own construction says it - a cooperation verb joining
two organisations, a milestone reached (not one planned or wished), a place written with
the name, a count with both the noun it counts and its owner.

Every rule takes a :class:`Context` (the sentence, its mentions and values) and yields
relations; :meth:`Context.of` builds one from a sentence and its names, for examples.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from kg.ingest.extract.labeller import relation_ends
from kg.ingest.extract.lexicon import SOURCE_TREE, Lexicon, load
from kg.ingest.extract.model import ORG_KINDS, Count, Mention, Relation, SentenceFacts
from kg.ingest.extract.values import dates, money
from kg.ingest.gazetteer import Entry, Gazetteer, siblings, within

ROUTES = ("高铁", "铁路", "高速", "公路")
# train services and corridors run across places (集装箱班列, a named 新通道): no one place holds them
ACROSS = ("班列", "新通道")
# What follows a forum's or conference's name when the name is one of its sessions (峰会,
# 年会), not a part of it; at most a place or a year between (北京峰会, 2024年年会).
SESSION = re.compile(r"^.{0,5}(?:峰会|年会)$")
# A verb of going before a place: the place after it is a destination (飞往香港的航班).
DESTINED = re.compile(r"(?:飞|开|发|运|销|通|驶|去|前|送)往$|直达$")
# A count of works or firms (43个重点项目, 80多家创新型企业): what follows is theirs.
COUNTED_WORKS = re.compile(r"[\d一二三四五六七八九十百千]+多?[个项批家座][^，,；;。]{0,6}?(?:项目|工程|企业|公司)")
# Right after a place's or park's name: what follows is inside it (两江新区内投用的电站).
WITHIN = re.compile(r"(?:境内|辖区内|区域内|范围内|内|里(?!程))")
# The secondary sector as a whole (国家统计局《三次产业划分规定》: 工业 is mining,
# manufacturing and utilities together): in a park's or project's name (老工业基地, as in
# 东北老工业基地) it says what kind of place it is, not which industry is there.
WHOLE_SECTORS = frozenset({"工业"})
# What a national body's name begins with (全国人大, 中国证监会, 国家能源局, 中央网信办): a body
# of the whole country, which no province or city holds.
NATIONAL = ("全国", "中国", "国家", "中央")
PLACED = re.compile(r"(?:正式)?(?:位于|落户|落地|坐落于|地处|落户于|落地于)")
LEAD = re.compile(r"^(?:目前|今年|同时|此外|其中)?，?(?P<place>在)[^，,；;]{2,20}[，,]")
INVESTS = re.compile(r"投资|入股|参股|注资")
BUILDS = re.compile(r"建设|投建|新建|扩建|兴建|承建|建")
BUILDING = re.compile(r"投资|投建|建设|新建|扩建|兴建|承建|签约|签署|签订|入股|参股|注资")
ATTENDING = re.compile(r"(?:出席|参加|参与|亮相|应邀出席)")
COVERING = re.compile(r"专题|聚焦|围绕|涵盖|涉及|主题")
SUPPORTING = re.compile(r"支持|鼓励|促进|推动|扶持|培育")
ORGANIZING = re.compile(r"(?:共同|联合)?(?:举办|主办|承办)")
ISSUING = re.compile(r"印发|发布|出台|制定|公布|颁布")
# A clause that is the issuing verb alone, after its issuers' clause (A会同B，印发《…》).
ISSUED_BY_CLAUSE = re.compile(r"\s*(?:日前|近日|近期|今天|正式|联合|共同)*(?:印发|发布|出台|颁布)了?《?")
CO_ISSUERS = ("、", "和", "与", "及", "以及", "会同")  # between the bodies that issue a document together
HOSTING = ("举办", "举行", "召开", "开幕", "启幕", "闭幕", "落幕", "开班", "揭幕")
JOINS = re.compile(r"^(?:、|和|与|及|以及|同|跟)$")
# Before the verb of several parties: they act together (A、B、C共同签署).
TOGETHER = re.compile(r"^(?:\S{0,4}?)(?:共同|联合|一起|三方|多方|四方)")
SEPARATELY = re.compile(r"分别|各自")
# Between an owner and its count: words that speak of another scope or another speaker (商务部
# 公布：我国汽车出口..., 据海关统计, 全国).
OTHER_SCOPE = re.compile(r"公布|发布|表示|介绍|显示|宣布|统计|数据|据|称|我国|全国|全球|全省|全市|全区|其中|国内")
BREAKS = "，,；;：:"
FIGURE_GAP = 16  # characters between an owner and its count (衢州市已完成亿元以上项目签约79个)
# Heads of the things a place holds (a port, a school, a farm, a village), besides the name
# suffixes of the lexicon: after a place, they name the figure's real owner (青岛港, 某中学).
HOLDERS = re.compile(r"港|中学|小学|学校|院|试验区|林区|林场|农场|厂|村|镇|街道|社区")


@dataclass
class Context:
    """One sentence (``s``, simplified, at ``offset`` of the article) and what was found in
    it, with the helpers rules share."""

    s: str
    offset: int
    facts: SentenceFacts
    g: Gazetteer
    lex: Lexicon
    stated: list[Relation] = field(default_factory=list)  # what earlier rules found

    @classmethod
    def of(
        cls,
        sentence: str,
        names: dict[str, str],
        codes: dict[str, tuple[str, str]] | None = None,
        counts: Iterable[Count] = (),
    ) -> Context:
        """A context for examples: every occurrence of each name (longest first) becomes a
        mention of its kind; ``codes`` gives places their level and division code; an
        industry links to a concept of the same name.

        >>> c = Context.of("河南驻马店宿鸭湖水库先后开启五孔和七孔闸泄洪", {"宿鸭湖水库": "project", "河南": "region", "驻马店": "region"})
        >>> [m.norm for m in c.facts.mentions]
        ['河南', '驻马店', '宿鸭湖水库']
        """
        g, codes = Gazetteer(), codes or {}
        mentions: list[Mention] = []
        for name in sorted(names, key=len, reverse=True):
            kind = names[name]
            level, code = codes.get(name, (None, None))
            iri = f"urn:example:{name}" if kind == "industry" else None
            entry = Entry(name, kind, iri=iri, level=level, code=code)
            known = kind in ("region", "industry")
            if known:
                g.add(entry)
            for hit in re.finditer(re.escape(name), sentence):
                a, b = hit.span()
                if any(m.kind == kind and m.start <= a and b <= m.end for m in mentions):
                    continue  # inside a longer name of its kind
                mentions.append(Mention(a, b, name, name, kind, entry if known else None))
        mentions.sort(key=lambda m: (m.start, -m.end))
        facts = SentenceFacts(0, len(sentence), sentence, mentions)
        facts.money = money(sentence, 0, sentence, load(SOURCE_TREE))
        facts.dates = dates(sentence, 0, sentence, None)
        facts.counts = list(counts)
        return cls(sentence, 0, facts, g, load(SOURCE_TREE))

    def of_kind(self, *kinds: str) -> list[Mention]:
        return [m for m in self.facts.mentions if m.kind in kinds]

    @cached_property
    def orgs(self) -> list[Mention]:
        return [m for m in self.facts.mentions if m.kind in ORG_KINDS]

    @cached_property
    def sited(self) -> list[Mention]:
        return self.orgs + self.of_kind("park") + self.of_kind("project")

    @cached_property
    def free_orgs(self) -> list[Mention]:
        """Organisations not named inside a project, park or event."""
        holders = self.of_kind("project", "park", "event")
        return [o for o in self.orgs if not any(self.inside(o, p) for p in holders)]

    @cached_property
    def industries(self) -> list[Mention]:
        return [m for m in self.of_kind("industry") if m.entry is not None]

    def at(self, m: Mention) -> int:
        return m.start - self.offset

    def end(self, m: Mention) -> int:
        return m.end - self.offset

    def between(self, a: Mention, b: Mention) -> str:
        return self.s[self.end(a) : self.at(b)]

    @staticmethod
    def inside(inner: Mention, outer: Mention) -> bool:
        return outer.start <= inner.start and inner.end <= outer.end and inner is not outer

    @classmethod
    def within(cls, inner: Mention, outer: Mention) -> bool:
        """``inner`` is part of a longer name ``outer`` (not another mention of its span)."""
        return cls.inside(inner, outer) and (outer.start, outer.end) != (inner.start, inner.end)

    def clause(self, a: int, b: int) -> bool:
        """No clause break between two positions of the sentence."""
        return not any(c in BREAKS for c in self.s[min(a, b) : max(a, b)])

    def clause_start(self, at: int) -> int:
        return max((self.s.rfind(c, 0, at) for c in BREAKS + "。"), default=-1) + 1

    def named_inside(self, m: Mention, kind: str) -> list[tuple[int, int, Entry]]:
        """Known names of ``kind`` inside the name of ``m``."""
        return [(a, b, es[0]) for a, b, es in self.g.find(m.norm, len(m.norm) - 1, kind)]

    @staticmethod
    def nested(m: Mention, a: int, b: int, e: Entry) -> Mention:
        return Mention(m.start + a, m.start + b, m.text[a:b], m.norm[a:b], e.kind, e, m.confidence)

    def names_a_holder(self, text: str) -> bool:
        """Whether ``text`` names something that holds things - an organisation, park,
        work or institution by its ending (港, 中学, 公司, 园区) - rather than saying how
        or when (已经, 集中, 约, 全县)."""
        return bool(HOLDERS.search(text)) or any(
            sfx in text for sfx, _ in self.lex.suffixes if len(sfx) > 1
        )

    @cached_property
    def central_bodies(self) -> frozenset[str]:
        """The curated central organs of state and party and the international bodies
        (``bodies.csv``: 外交部, 国务院, 联合国)."""
        return frozenset(name for name, kind, _ in self.lex.known if kind == "government")

    def national(self, m: Mention) -> bool:
        """Whether ``m`` is a national (or international) body: a government or association
        named as the whole country's (全国人大, 国家能源局, 中国侨联) or a curated central
        organ (商务部) - no place within the country holds it."""
        if m.kind not in ("government", "association"):
            return False
        if any(a > 0 for a, _, _ in self.named_inside(m, "region")):
            return False  # 中国人民银行成都分行: a branch in its place
        return m.norm.startswith(NATIONAL) or m.norm in self.central_bodies

    def hedged(self, a: int, b: int) -> bool:
        """Whether a hedge (将, 计划, 力争, 尽早, 推动, ...) stands between ``a`` and ``b``."""
        return any(h in self.s[a:b] for h in self.lex.hedges)


RuleFunction = Callable[[Context, float], Iterator[Relation]]


@dataclass(frozen=True)
class Rule:
    name: str
    predicate: str
    confidence: float
    find: RuleFunction


def place_in_name(c: Context, confidence: float) -> Iterator[Relation]:
    """A name that begins with a place is in it (黑龙江省人民政府, 河南信阳袁湾水库 in 信阳;
    after the company leading it: 国药集团黑龙江中药产业园项目 in 黑龙江) - unless the
    sentence places it elsewhere (落地龙江的天津中科智能识别研究院 is not in 天津).

    >>> codes = {"信阳": ("city", "411500"), "河南": ("province", "410000")}
    >>> c = Context.of("河南信阳袁湾水库开工", {"河南信阳袁湾水库": "project"}, codes)
    >>> c.g.add(Entry("河南", "region", level="province", code="410000")); c.g.add(Entry("信阳", "region", level="city", code="411500"))
    >>> [(r.subject.norm, r.object.norm) for r in place_in_name(c, 0.8)]
    [('河南信阳袁湾水库', '信阳')]

    A county's short form names a place after its province or city (corpus text, 2024):

    >>> c = Context.of("河北固安段水毁修复项目施工现场", {"河北固安段水毁修复项目": "project"})
    >>> c.g.add(Entry("河北", "region", level="province", code="130000"))
    >>> c.g.add(Entry("固安", "region", canonical="固安县", level="district", code="131022"))
    >>> [(r.subject.norm, r.object.norm) for r in place_in_name(c, 0.8)]
    [('河北固安段水毁修复项目', '固安')]

    Of a name several divisions bear, the one inside the place before it is meant (福州's
    鼓楼区, not Nanjing's; corpus text, 2022):

    >>> c = Context.of("带您认识福建省福州市鼓楼区军门社区党委书记林丹", {"福建省福州市鼓楼区军门社区党委": "government"})
    >>> for name, level, code in (("福建省", "province", "350000"), ("福州市", "city", "350100"), ("鼓楼区", "district", "320106"), ("鼓楼区", "district", "350102")):
    ...     c.g.add(Entry(name, "region", level=level, code=code, canonical=name))
    >>> [(r.object.norm, r.object.entry.code) for r in place_in_name(c, 0.8)]
    [('鼓楼区', '350102')]

    Places side by side that do not nest (two cities, a port of both; a prefecture whose
    short form is another province's name) place the thing in no one of them (2023-2024):

    >>> c = Context.of("在青海海南州千万千瓦级新能源基地内", {"青海海南州千万千瓦级新能源基地": "park"})
    >>> c.g.add(Entry("青海", "region", level="province", code="630000")); c.g.add(Entry("海南", "region", level="province", code="460000"))
    >>> list(place_in_name(c, 0.8))
    []

    A line named by its ends, and its works, run between places (2023):

    >>> c = Context.of("深圳至江门铁路珠江口隧道盾构段抵达海平面下106米", {"深圳至江门铁路珠江口隧道": "project", "深圳": "region"})
    >>> list(place_in_name(c, 0.8))
    []
    """
    given = {(r.subject, r.object.norm) for r in c.stated if r.predicate == "locatedIn"}  # type: ignore[union-attr]  # a locatedIn object is a Mention
    for m in c.sited:
        if m.kind == "project" and re.search("[至到].*(?:" + "|".join(ROUTES) + ")", m.norm):
            continue  # 西安至十堰高铁 (and its tunnels) runs between places
        lead = next((o for o in c.orgs if o.start == m.start and o.end < m.end), None)
        places: list[Mention] = []
        end = lead.end - m.start if lead else 0
        for a, b, e in c.named_inside(m, "region"):
            if (
                e.level == "district"
                and e.canonical
                and e.canonical != e.name
                and not (places and a == end and within(c.g.code(e.name), c.g.code(places[-1].norm)))
            ):
                break  # 红旗城集团 is not in 红旗区: a county's short form names no place here, unless after its province or city (新疆库车)
            if a < end:
                continue
            if a != end:
                break
            if places:  # of a name several divisions bear, the one in the place before it
                outer = places[-1].entry
                e = next((x for x in c.g.entries.get(e.name, ()) if within(x, outer)), e)
                if siblings(outer, e):
                    places = []  # a port of two cities; 青海海南州 (not the province 海南)
                    break
            places.append(c.nested(m, a, b, e))
            end = b
        if not places:
            continue
        place = places[-1]
        others = [p for s, p in given if s == m]
        named_at = place.entry
        if all(p == place.norm or within(c.g.code(p), named_at) for p in others):
            yield Relation(m, "locatedIn", place, confidence)


def place_beside(c: Context, confidence: float) -> Iterator[Relation]:
    """A place written right before a name (河南驻马店宿鸭湖水库, 位于天津宝坻区的京津中关村
    科技城) or after it with 位于 / 落户 (基地位于哈尔滨).

    >>> c = Context.of("产业基地位于哈尔滨", {"产业基地": "park", "哈尔滨": "region"})
    >>> [(r.subject.norm, r.object.norm) for r in place_beside(c, 0.75)]
    [('产业基地', '哈尔滨')]
    >>> c = Context.of("湖南永州市人社部门", {"永州市人社部门": "government", "湖南": "region", "永州市": "region"})
    >>> c.g.add(Entry("永州市", "region", level="city", code="431100"))
    >>> list(place_beside(c, 0.75))
    []
    >>> c = Context.of("同时布局武汉东湖高新区和鄂州葛店经开区", {"鄂州葛店经开区": "park", "武汉": "region"})
    >>> list(place_beside(c, 0.75))
    []
    >>> c = Context.of("从北京大兴飞往香港的南航CZ309次出境航班顺利起飞", {"南航": "enterprise", "香港": "region", "北京": "region"})
    >>> list(place_beside(c, 0.75))
    []

    Nor is a route's end where a work on the route is (corpus text, 2022):

    >>> c = Context.of("连接福建龙岩到广东龙川的龙龙铁路重点控制性工程", {"龙龙铁路重点控制性工程": "project", "广东": "region", "龙川": "region"})
    >>> list(place_beside(c, 0.75))
    []

    An organisation named inside a longer name placed there (the company of its subsidiary,
    of its gas field) is not placed by it - a line inside its section's name still runs
    there (corpus text, 2023):

    >>> c = Context.of("位于北京大兴的国家电投氢能公司正在加紧生产", {"国家电投氢能公司": "enterprise", "国家电投": "enterprise", "北京": "region", "大兴": "region"})
    >>> [(r.subject.norm, r.object.norm) for r in place_beside(c, 0.75)]
    [('国家电投氢能公司', '大兴')]

    Nor is a known organisation placed by a place written right before it: that names its
    body there (长沙比亚迪) or another body (香港证监会 is not 证监会; corpus text, 2023):

    >>> c = Context.of("在长沙，李强考察了长沙比亚迪汽车、中国铁建重工、蓝思科技等企业。", {"长沙": "region", "李强": "person"})
    >>> c.facts.mentions.append(Mention(11, 14, "比亚迪", "比亚迪", "enterprise", Entry("比亚迪", "enterprise")))
    >>> list(place_beside(c, 0.75))
    []

    Nor is the whole country's body placed in any one place of it - a place before a
    national body's name says where the person in whose title it stands comes from (corpus
    text, 2023):

    >>> c = Context.of("来自云南保山的全国人大代表李国伟是一名非遗传承人", {"云南": "region", "保山": "region", "全国人大": "government"})
    >>> list(place_beside(c, 0.75))
    []
    """
    for m in c.sited:
        if m in c.orgs and any(c.within(m, o) for o in c.sited):
            continue  # 国家电投 of 国家电投氢能公司: the longer name is what stands there
        own = any(a == 0 for a, _, _ in c.named_inside(m, "region"))
        for r in c.of_kind("region"):
            if c.inside(r, m) or any(c.inside(r, o) for o in c.sited):
                continue
            if own and r.end == m.start:
                continue  # 湖南永州市人社部门: the name's own place says where it is
            if r.end == m.start and m in c.orgs and m.entry is not None:
                continue  # 长沙比亚迪, 香港证监会: a known organisation's body there, or another body
            if r.end <= m.start and c.between(r, m) == "的" and DESTINED.search(c.s, 0, c.at(r)):
                continue  # 从北京大兴飞往香港的南航CZ309次航班: where it goes, not where it is
            first = r  # back over the places written with it (到广东龙川)
            while prev := next((p for p in c.of_kind("region") if p.end == first.start), None):
                first = prev
            if c.s[c.at(first) - 1 : c.at(first)] in ("至", "到") and not m.norm.endswith(ROUTES):
                continue  # 连接金华至宁波的…隧道: the end of a route, not where the work is
            if c.national(m):
                continue  # 全国人大, 国家能源局: the whole country's body, in no one place of it
            if (r.end <= m.start and c.between(r, m) in ("", "的")) or (
                m.end <= r.start and PLACED.fullmatch(c.between(m, r))
            ):
                yield Relation(m, "locatedIn", r, confidence)


def place_leading(c: Context, confidence: float) -> Iterator[Relation]:
    """A sentence that opens with its place (在湖北，长江新区和经开区不断加强技术攻关) places the
    names of its first clause list - not a name that carries its own place, nor one after
    another place.

    >>> c = Context.of("在湖北，长江新区和经开区不断加强技术攻关", {"湖北": "region", "长江新区": "park"})
    >>> [(r.subject.norm, r.object.norm) for r in place_leading(c, 0.6)]
    [('长江新区', '湖北')]

    A name that begins with a place inside the sentence's place lies in both (在黑龙江，
    哈尔滨工业大学...: in 哈尔滨, and so in 黑龙江); one that begins with another place
    lies in its own.

    >>> codes = {"黑龙江": ("province", "230000"), "哈尔滨": ("city", "230100"), "南京": ("city", "320100")}
    >>> c = Context.of("在黑龙江，哈尔滨工业大学、南京大学参加", {"黑龙江": "region", "哈尔滨工业大学": "university", "南京大学": "university"}, codes)
    >>> c.g.add(Entry("哈尔滨", "region", level="city", code="230100")); c.g.add(Entry("南京", "region", level="city", code="320100"))
    >>> [(r.subject.norm, r.object.norm) for r in place_leading(c, 0.6)]
    [('哈尔滨工业大学', '黑龙江')]

    A train service or a corridor runs across places (corpus text, 2024):

    >>> c = Context.of("在重庆江津，这列集装箱班列通过铁海联运前往泰国", {"重庆": "region", "江津": "region", "集装箱班列": "project"})
    >>> list(place_leading(c, 0.6))
    []
    """
    lead = LEAD.match(c.s)
    if not lead:
        return
    regions = c.of_kind("region")
    head = [
        r
        for r in regions
        if lead.end("place") <= c.at(r) < lead.end() and not any(c.inside(r, o) for o in c.sited)
    ]
    if not head:
        return
    stop = next((k for k in range(lead.end(), len(c.s)) if c.s[k] in "；;，,"), len(c.s))
    place = head[-1]
    for m in c.sited:
        if not lead.end() <= c.at(m) < stop:
            continue
        if any(lead.end() <= c.at(r) < c.at(m) for r in regions if not c.inside(r, m)):
            continue  # another place comes first
        own = [e for a, _, e in c.named_inside(m, "region") if a == 0]
        if own and not within(c.g.code(own[0].name), c.g.code(place.norm)):
            continue  # 鄂州葛店经开区 has its own place, not the sentence's
        if m.norm.endswith(ACROSS):
            continue  # a train service runs across places, the sentence's one of them
        if c.national(m):
            continue  # 在四川，全国人大代表…: the whole country's body, in no one place of it
        yield Relation(m, "locatedIn", place, confidence)


def industry_in_name(c: Context, confidence: float) -> Iterator[Relation]:
    """A project or park whose name names an industry is in it (无人机产业基地).

    >>> c = Context.of("无人机产业基地封顶", {"无人机产业基地": "park"})
    >>> c.g.add(Entry("无人机", "industry", iri="urn:example:uav"))
    >>> [(r.subject.norm, r.object.norm) for r in industry_in_name(c, 0.75)]
    [('无人机产业基地', '无人机')]
    >>> c = Context.of("锂电新材料产业园开工", {"锂电新材料产业园": "park"})
    >>> c.g.add(Entry("锂电", "industry")); c.g.add(Entry("新材料", "industry", iri="urn:example:xcl"))
    >>> [r.object.norm for r in industry_in_name(c, 0.75)]
    ['锂电新材料']
    >>> c = Context.of("绿色工业园区", {"绿色工业园区": "park"})
    >>> c.g.add(Entry("工业", "industry"))
    >>> list(industry_in_name(c, 0.75))
    []

    Nor is industry as a whole, the secondary sector, the industry of a park or project:
    it says what kind of place it is (corpus text, 2023):

    >>> c = Context.of("为东北老工业基地全面振兴注入活力", {"东北老工业基地": "park"})
    >>> c.g.add(Entry("工业", "industry"))
    >>> list(industry_in_name(c, 0.75))
    []
    """
    for m in c.of_kind("project", "park"):
        for industry in _industries_named_in(c, m):
            if industry.norm not in WHOLE_SECTORS:
                yield Relation(m, "inIndustry", industry, confidence)


def _industries_named_in(c: Context, m: Mention, led: bool = True) -> list[Mention]:
    """The sectors a name names before its suffix (锂电 + 新材料 as one, a kind of the
    second) - not the suffix's own words (工业 of 绿色工业园区 is the kind of park), nor,
    unless ``led`` is false, those of the organisation that leads the name (石化 of
    中国石化顺北84斜井 is the company's: corpus text, 2023; an association's conference takes
    up the association's sector, 电力工业协会大会).

    >>> c = Context.of("位于塔里木盆地的中国石化顺北84斜井，垂直钻井深度已突破8937.77米", {"中国石化顺北84斜井": "project", "中国石化": "enterprise"})
    >>> c.g.add(Entry("石化", "industry"))
    >>> _industries_named_in(c, c.of_kind("project")[0])
    []
    """
    inside: list[tuple[int, int, Entry]] = []
    known = c.lex.suffix(m.norm)
    kind_at = len(m.norm) - len(known[0]) if known else len(m.norm)
    leads = [o.end - m.start for o in c.orgs if o.start == m.start and o.end < m.end and led]
    lead = max(leads, default=0)
    for a, b, e in c.named_inside(m, "industry"):
        if b > kind_at or a < lead:
            continue
        if inside and inside[-1][1] == a and inside[-1][1] - inside[-1][0] <= 2:
            a = inside.pop()[0]
            broader = (e.iri,) if e.iri else e.broader
            e = Entry(m.norm[a:b], "industry", broader=broader)
        inside.append((a, b, e))
    return [c.nested(m, a, b, e) for a, b, e in inside]


def industry_in_event_name(c: Context, confidence: float) -> Iterator[Relation]:
    """An event whose name names an industry takes it up (世界物联网博览会, 旅游大会).

    >>> c = Context.of("2023世界物联网博览会近日在江苏无锡举办。", {"2023世界物联网博览会": "event"})
    >>> c.g.add(Entry("物联网", "industry", iri="urn:example:internet-of-things"))
    >>> [(r.subject.norm, r.object.norm) for r in industry_in_event_name(c, 0.7)]
    [('2023世界物联网博览会', '物联网')]
    """
    for e in c.of_kind("event"):
        for industry in _industries_named_in(c, e, led=False):
            yield Relation(e, "coversIndustry", industry, confidence)


def builder_in_name(c: Context, confidence: float) -> Iterator[Relation]:
    """A project named after its builder is built by it (鞍钢集团新材料钢材项目).

    >>> c = Context.of("鞍钢集团新材料钢材项目开工", {"鞍钢集团新材料钢材项目": "project", "鞍钢集团": "enterprise"})
    >>> [(r.subject.norm, r.object.norm) for r in builder_in_name(c, 0.7)]
    [('鞍钢集团', '鞍钢集团新材料钢材项目')]
    """
    for p in c.of_kind("project"):
        for o in c.orgs:
            if c.inside(o, p) and o.start == p.start:
                yield Relation(o, "builds", p, confidence)


def _same_body(a: str, b: str) -> bool:
    """Two names of one organisation (中国储备粮管理集团 / 中国储备粮管理集团有限公司)."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and re.fullmatch(
        r"(?:集团)?(?:股份)?(?:有限)?(?:责任)?(?:公司)?", long[len(short) :]
    ) is not None


def cooperation(c: Context, confidence: float) -> Iterator[Relation]:
    """Organisations a cooperation verb joins: A与B签署合作协议, A、B共同签约, A携手B - not
    names merely listed (…和地方国资委…), nor two names of one organisation.

    >>> c = Context.of("中粮集团与中国农业大学签署战略合作协议", {"中粮集团": "enterprise", "中国农业大学": "university"})
    >>> [(r.subject.norm, r.object.norm) for r in cooperation(c, 0.65)]
    [('中粮集团', '中国农业大学')]
    >>> c = Context.of("国务院国资委指导中粮集团和地方国资委开展改革", {"中粮集团": "enterprise", "国务院国资委": "government", "地方国资委": "government"})
    >>> list(cooperation(c, 0.65))
    []

    A list of examples (A、B等企业签约) or of names side by side (A、B签约) names no
    parties to one another, nor do names that act separately (分别); a list cooperates only
    together (A、B、C共同签署); after 与 the rest are one party's partners (A与B和C签约: A
    with each, not B with C).

    >>> names = {"宁德时代": "enterprise", "比亚迪": "enterprise", "华为": "enterprise"}
    >>> list(cooperation(Context.of("宁德时代、比亚迪等企业现场签约", names), 0.65))
    []
    >>> list(cooperation(Context.of("宁德时代、比亚迪、华为现场签约", names), 0.65))
    []
    >>> list(cooperation(Context.of("宁德时代和比亚迪分别签约", names), 0.65))
    []
    >>> c = Context.of("宁德时代与比亚迪和华为签署合作协议", names)
    >>> [(r.subject.norm, r.object.norm) for r in cooperation(c, 0.65)]
    [('宁德时代', '比亚迪'), ('宁德时代', '华为')]
    """
    orgs = c.free_orgs
    joint = [w for w, form in c.lex.cooperation.items() if form == "joint"]
    links = [w for w, form in c.lex.cooperation.items() if form == "links"]
    # runs of organisations joined by 与 / 和 / 、 (A与B, A、B和C)
    runs: list[list[Mention]] = []
    for o in orgs:
        if runs and c.end(runs[-1][-1]) <= c.at(o) and JOINS.match(c.between(runs[-1][-1], o)):
            runs[-1].append(o)
        else:
            runs.append([o])
    pairs: list[tuple[Mention, Mention]] = []
    for run in runs:
        if len(run) < 2:
            continue
        rest = c.s[c.end(run[-1]) :]
        tail = re.split(f"[{BREAKS}。]", rest, maxsplit=1)[0][:16]
        if rest.startswith("等") or not any(w in tail for w in joint):
            continue  # A、B等企业签约: examples of a group, not parties to each other
        if c.hedged(c.end(run[-1]), c.end(run[-1]) + len(tail)):
            continue
        if SEPARATELY.search(tail):
            continue  # A和B分别签约: each with someone else
        pair = len(run) == 2 and c.between(run[0], run[1]) != "、"
        if pair or TOGETHER.match(tail):
            pairs += [(a, b) for i, a in enumerate(run) for b in run[i + 1 :]]
        elif c.between(run[0], run[1]) in ("与", "同", "跟"):
            pairs += [(run[0], b) for b in run[1:]]  # A与B和C签约: A's partners
    for a in orgs:
        for b in orgs:
            gap = c.between(a, b) if a.end <= b.start else None
            if gap and gap.strip("共同正式") in links:
                pairs.append((a, b))
    for a, b in dict.fromkeys(pairs):
        if a.norm != b.norm and not _same_body(a.norm, b.norm):
            yield Relation(a, "cooperatesWith", b, confidence)


def builds_or_invests(c: Context, confidence: float) -> Iterator[Relation]:
    """An organisation that builds (投资建设, 建设) or invests in (投资, 入股) a project named
    after it in the same clause, the verb between them.

    >>> c = Context.of("宁德时代投资建设锂电池项目", {"宁德时代": "enterprise", "锂电池项目": "project"})
    >>> [(r.subject.norm, r.predicate, r.object.norm) for r in builds_or_invests(c, 0.65)]
    [('宁德时代', 'builds', '锂电池项目')]
    >>> c = Context.of("宁德时代、锂电池项目", {"宁德时代": "enterprise", "锂电池项目": "project"})
    >>> list(builds_or_invests(c, 0.65))
    []
    """
    for p in c.of_kind("project"):
        builders = [o for o in c.free_orgs if o.end <= p.start and c.clause(c.end(o), c.at(p))]
        if not builders:
            continue
        gap = c.between(builders[-1], p)
        if not BUILDING.search(gap):
            continue
        verb = "investsIn" if INVESTS.search(gap) and not BUILDS.search(gap) else "builds"
        yield Relation(builders[-1], verb, p, confidence)


def investment(c: Context, confidence: float) -> Iterator[Relation]:
    """A project's investment: 项目总投资50亿元, 项目，计划投资12亿元.

    >>> c = Context.of("锂电池项目总投资50亿元", {"锂电池项目": "project"})
    >>> [(r.subject.norm, r.object.yuan) for r in investment(c, 0.7)]
    [('锂电池项目', Decimal('5E+9'))]
    >>> from decimal import Decimal
    >>> n = Count(7, 10, "60个", Decimal(60), "个", "项目", None)
    >>> c = Context.of("数据中心项目超过60个，项目总投资超过4000亿元", {"数据中心项目": "project"}, counts=[n])
    >>> list(investment(c, 0.7))
    []
    """
    projects = c.of_kind("project")
    for p in projects:
        for amount in c.facts.money:
            between = c.s[c.end(p) : amount.start - c.offset]
            others = any(p.end <= q.start < amount.start for q in projects if q is not p)
            # 数据中心项目超过60个，项目总投资...: the amount of a group of projects
            counted = any(p.start <= n.start < amount.start for n in c.facts.counts)
            if p.end <= amount.start and "投资" in between and not others and not counted and "；" not in between:
                yield Relation(p, "investment", amount, confidence)
                break


def milestone(c: Context, confidence: float) -> Iterator[Relation]:
    """A milestone reached, written after the name in its clause (项目开工奠基, 基地正式投产),
    with the date before it - not one planned or wished (预计2025年建成, 将于年底投产,
    定南通用机场即将开工建设).

    >>> c = Context.of("国药集团中药产业园项目开工奠基", {"国药集团中药产业园项目": "project"})
    >>> [(r.subject.norm, r.object) for r in milestone(c, 0.7)]
    [('国药集团中药产业园项目', 'Groundbreaking')]
    >>> c = Context.of("定南通用机场即将开工建设", {"定南通用机场": "project"})
    >>> list(milestone(c, 0.7))
    []

    A line's section reaches it, not the whole line named inside the section's name:

    >>> c = Context.of("北沿江高铁江苏段开工建设", {"北沿江高铁江苏段": "project", "北沿江高铁": "project"})
    >>> [(r.subject.norm, r.object) for r in milestone(c, 0.7)]
    [('北沿江高铁江苏段', 'Groundbreaking')]

    The work nearer the word reaches it, not a park or line written before it; and a
    completion that conditions what will follow is not one reached (corpus text, 2023, 2024):

    >>> s = "丁薛祥和黄循财还共同参观中新天津生态城15周年成果展，种植中新友谊树，出席中新天津生态城城市主中心绿创园奠基仪式。"
    >>> c = Context.of(s, {"中新天津生态城": "park", "城市主中心绿创园": "project"})
    >>> [(r.subject.norm, r.object) for r in milestone(c, 0.7)]
    [('城市主中心绿创园', 'Groundbreaking')]
    >>> s = "中资企业承建的通贝斯大区加里多医院惠及逾10万居民，利马三大区水务项目建成后将解决40余万秘鲁人民卫生用水问题。"
    >>> c = Context.of(s, {"利马三大区水务项目": "project"})
    >>> list(milestone(c, 0.7))
    []

    Nor does a park reach the milestone of the works it counts (corpus text, 2023), nor of
    what stands inside it (内, 里, 境内: corpus text, 2024):

    >>> c = Context.of("不久前，雄安新区一季度43个重点项目开工建设。", {"雄安新区": "park"})
    >>> list(milestone(c, 0.7))
    []
    >>> c = Context.of("无污染的园区里甚至建成了生态园", {"园区": "park"})
    >>> list(milestone(c, 0.7))
    []

    A work named inside a longer work's name (a plant's unit) is that work: the
    longer name reached it, once (corpus text, 2023):

    >>> names = {"防城港核电3号机组": "project", "防城港核电": "project"}
    >>> c = Context.of("西部地区首台华龙一号核电机组——广西防城港核电3号机组正式投产发电", names)
    >>> [(r.subject.norm, r.object) for r in milestone(c, 0.7)]
    [('防城港核电3号机组', 'OperationStart')]
    """
    word_re = re.compile(
        r"[^，,；;。：:]{0,12}?(?:正式|顺利|全面|成功)?(?P<word>" + c.lex.milestone_words + ")"
    )
    works = c.of_kind("project", "park")
    for m in works:
        if any(c.within(m, o) for o in works):
            continue  # 京港高铁 of 京港高铁湖北段, 防城港核电 of 防城港核电3号机组: the longer name's
        hit = word_re.match(c.s, c.end(m))
        if hit is None or c.hedged(c.clause_start(c.at(m)), hit.start("word")):
            continue
        if WITHIN.match(c.s, c.end(m)):
            continue  # 两江新区内投用的储能电站: what stands inside it reached it, not the park
        if COUNTED_WORKS.search(c.s, c.end(m), hit.start("word")):
            continue  # 雄安新区一季度43个重点项目开工建设: its projects', not its own
        if any(c.end(m) <= c.at(o) < hit.start("word") for o in works if not c.inside(m, o)):
            continue  # 生态城城市主中心绿创园奠基: the nearer work's milestone
        after = c.s[hit.end("word") :]
        if re.match(r"[^，,；;。]{0,3}?后", after) and c.hedged(hit.end("word"), len(c.s)):
            continue  # 水务项目建成后将解决: a condition, not a milestone reached
        word = hit["word"]
        dates_ = c.facts.dates
        when = next((d for d in reversed(dates_) if d.end <= m.start), None) or (
            dates_[0] if dates_ else None
        )
        yield Relation(
            m, "milestone", c.lex.milestones[word], confidence, (("date", when), ("word", word))
        )


def issued_by(c: Context, confidence: float) -> Iterator[Relation]:
    """A policy issued by the organisation before it, the issuing verb between them
    (工信部印发《...》), and by every organisation listed with that one (A、B联合印发: both).

    >>> c = Context.of("工信部日前印发《关于促进制造业有序转移的指导意见》", {"工信部": "government", "关于促进制造业有序转移的指导意见": "policy"})
    >>> [(r.subject.norm[:4], r.object.norm) for r in issued_by(c, 0.7)]
    [('关于促进', '工信部')]
    >>> c = Context.of("人力资源社会保障部、财政部联合印发《关于推动公共就业服务下沉基层的意见》", {"人力资源社会保障部": "government", "财政部": "government", "关于推动公共就业服务下沉基层的意见": "policy"})
    >>> [r.object.norm for r in issued_by(c, 0.7)]
    ['财政部', '人力资源社会保障部']
    >>> c = Context.of("交通运输部、农业农村部近日联合印发《“商渔共治2023”专项行动实施方案》", {"交通运输部": "government", "农业农村部": "government", "“商渔共治2023”专项行动实施方案": "policy", "商渔共治2023": "policy"})
    >>> [(r.subject.norm[:10], r.object.norm) for r in issued_by(c, 0.7)]
    [('“商渔共治2023”', '农业农村部'), ('“商渔共治2023”', '交通运输部')]
    >>> c = Context.of("国家发展改革委、交通运输部等部门介绍，日前印发的《有效降低全社会物流成本行动方案》", {"国家发展改革委": "government", "交通运输部": "government", "有效降低全社会物流成本行动方案": "policy"})
    >>> list(issued_by(c, 0.7))
    []
    """
    policies = c.of_kind("policy")
    for pol in policies:
        if pol.entry is not None and pol.entry.iri is None:
            continue  # a national strategy (乡村振兴) is no document an office issues
        if any(p is not pol and c.inside(pol, p) for p in policies):
            continue  # 《“商渔共治2023”专项行动实施方案》: the document is issued, not the plan it names
        issuers = [o for o in c.free_orgs if o.end <= pol.start]
        verb = c.between(issuers[-1], pol) if issuers else ""
        clause = re.split("[，,；;]", verb)[-1]  # the verb's own clause, after a break
        if not ISSUING.search(verb) or (clause != verb and not ISSUED_BY_CLAUSE.fullmatch(clause)):
            continue  # A、B等部门介绍，日前印发的《…》: who speaks of it, not who issued it
        yield Relation(pol, "issuedBy", issuers[-1], confidence)
        for before, after in zip(issuers[-2::-1], issuers[::-1], strict=False):
            if c.between(before, after) not in CO_ISSUERS:
                break
            yield Relation(pol, "issuedBy", before, confidence)


def organizes(c: Context, confidence: float) -> Iterator[Relation]:
    """Who organises (主办, 举办) or hosts (承办) an event, named before the verb in its
    clause.

    >>> c = Context.of("工信部主办产业转移对接会", {"工信部": "government", "产业转移对接会": "event"})
    >>> [(r.subject.norm, r.predicate) for r in organizes(c, 0.65)]
    [('工信部', 'organizes')]
    """
    for e in c.of_kind("event"):
        verbs = list(ORGANIZING.finditer(c.s, 0, c.at(e)))
        if not verbs or not c.clause(verbs[-1].end(), c.at(e)):
            continue
        verb = "hosts" if "承办" in verbs[-1][0] else "organizes"
        for o in c.free_orgs:
            if c.end(o) <= verbs[-1].start() and c.clause(c.end(o), verbs[-1].start()):
                yield Relation(o, verb, e, confidence)


def held_in(c: Context, confidence: float) -> Iterator[Relation]:
    """Where an event is held: 对接会在哈尔滨举行, 大会昨天在四川宜宾闭幕 (the most specific
    of the places after 在).

    >>> c = Context.of("对接会在哈尔滨举行", {"对接会": "event", "哈尔滨": "region"})
    >>> [(r.subject.norm, r.object.norm) for r in held_in(c, 0.7)]
    [('对接会', '哈尔滨')]
    >>> c = Context.of("大会昨天在四川宜宾闭幕", {"大会": "event", "四川": "region", "宜宾": "region"})
    >>> [(r.subject.norm, r.object.norm) for r in held_in(c, 0.7)]
    [('大会', '宜宾')]
    """
    regions = c.of_kind("region")
    for e in c.of_kind("event"):
        for r in regions:
            if e.end > r.start or not c.s[c.end(r) :].startswith(HOSTING):
                continue
            start = c.at(r)  # back over the places right before it (四川宜宾)
            while any(q.end - c.offset == start for q in regions):
                start = next(q for q in regions if q.end - c.offset == start).start - c.offset
            if c.s[start - 1 : start] == "在" and c.clause(c.end(e), start):
                yield Relation(e, "heldIn", r, confidence)


def part_of(c: Context, confidence: float) -> Iterator[Relation]:
    """A place right after the place it lies in, by division codes (湖南邵阳).

    >>> c = Context.of("湖南邵阳", {"湖南": "region", "邵阳": "region"}, {"湖南": ("province", "430000"), "邵阳": ("city", "430500")})
    >>> [(r.subject.norm, r.object.norm) for r in part_of(c, 0.8)]
    [('邵阳', '湖南')]

    Not a lake named after a county (corpus text, 2023):

    >>> c = Context.of("江西鄱阳湖积极补水修复湿地", {"江西": "region", "鄱阳": "region"}, {"江西": ("province", "360000"), "鄱阳": ("district", "361128")})
    >>> list(part_of(c, 0.8))
    []
    """
    regions = c.of_kind("region")
    for a, b in zip(regions, regions[1:], strict=False):
        if c.s[c.end(b) : c.end(b) + 1] == "湖":
            continue  # 江西鄱阳湖: a lake named after the county, not the county
        if a.end == b.start and within(c.g.code(b.norm), c.g.code(a.norm)):
            yield Relation(b, "partOf", a, confidence)


def sub_event(c: Context, confidence: float) -> Iterator[Relation]:
    """An event named inside another's name, at its start, is what it belongs to
    (中阿合作论坛第十届企业家大会 is part of 中阿合作论坛) - but a forum's or conference's
    summit or annual meeting (2022两岸企业家峰会年会, 世界经济论坛2023年年会) is its session,
    not a part (corpus text, 2022-2023).

    >>> c = Context.of("中阿合作论坛第十届企业家大会", {"中阿合作论坛": "event", "中阿合作论坛第十届企业家大会": "event"})
    >>> c.facts.mentions.append(Mention(0, 6, "中阿合作论坛", "中阿合作论坛", "event"))
    >>> [(r.subject.norm, r.object.norm) for r in sub_event(c, 0.7)]
    [('中阿合作论坛第十届企业家大会', '中阿合作论坛')]
    >>> c = Context.of("两岸企业家峰会年会", {"两岸企业家峰会": "event", "两岸企业家峰会年会": "event"})
    >>> c.facts.mentions.append(Mention(0, 7, "两岸企业家峰会", "两岸企业家峰会", "event"))
    >>> list(sub_event(c, 0.7))
    []

    Nor is an event held as another too (A暨B names one event twice, corpus text, 2024):

    >>> names = {"第八届中国机器人峰会暨智能经济人才峰会": "event", "第八届中国机器人峰会": "event"}
    >>> list(sub_event(Context.of("第八届中国机器人峰会暨智能经济人才峰会在浙江宁波余姚开幕", names), 0.7))
    []
    """
    events = c.of_kind("event")
    for e in events:
        for outer in events:
            if outer is not e and outer.start == e.start and e.end < outer.end:
                rest = outer.norm[e.end - outer.start :]
                if SESSION.search(rest):
                    continue  # 北京峰会: the series' session
                if rest.startswith("暨"):
                    continue  # 峰会暨人才峰会: one event by two names, not a part of either
                yield Relation(outer, "subEventOf", e, confidence)


def participant(c: Context, confidence: float) -> Iterator[Relation]:
    """Who attends an event (出席, 参加), named before it in its clause.

    >>> c = Context.of("百度智能云参加对接会", {"百度智能云": "enterprise", "对接会": "event"})
    >>> [(r.subject.norm, r.object.norm) for r in participant(c, 0.6)]
    [('对接会', '百度智能云')]

    An organisation in a person's title is where the person holds the position, not who
    attends:

    >>> c = Context.of("国务院总理李强27日在天津出席世界经济论坛全球企业家对话会", {"国务院": "government", "李强": "person", "世界经济论坛全球企业家对话会": "event"})
    >>> [r.object.norm for r in participant(c, 0.6)]
    ['李强']

    Nor does one who will attend (将, 拟 before the verb: corpus text, 2024):

    >>> c = Context.of("在中国国家主席习近平将赴里约热内卢出席二十国集团领导人第十九次峰会并对巴西进行国事访问之际", {"习近平": "person", "二十国集团领导人第十九次峰会": "event"})
    >>> list(participant(c, 0.6))
    []
    """
    people = c.of_kind("person")
    titles = [  # 国务院 of 国务院总理李强
        o for o in c.orgs if any(p.start >= o.end and c.between(o, p) in c.lex.roles for p in people)
    ]
    actors = people + [o for o in c.orgs if o not in titles]
    for e in c.of_kind("event"):
        for actor in actors:
            gap = c.between(actor, e) if actor.end <= e.start else ""
            verb = ATTENDING.search(gap)
            if verb is None or not c.clause(c.end(actor), c.at(e)):
                continue
            if c.hedged(c.end(actor), c.end(actor) + verb.start()):
                continue  # 习近平将赴里约热内卢出席…峰会: one who will attend
            yield Relation(e, "participant", actor, confidence)


def _governed(c: Context, head: Mention, words: re.Pattern[str]) -> list[Mention]:
    """The industries a verb after ``head`` takes (鼓励外商投资先进制造业、现代服务业)."""
    verb = words.search(c.s, c.end(head))
    if verb is None or not c.clause(c.end(head), verb.start()):
        return []
    return [
        i
        for i in c.industries
        if c.at(i) >= verb.end() and not any(ch in "；;。" for ch in c.s[verb.end() : c.at(i)])
    ]


def covers_industry(c: Context, confidence: float) -> Iterator[Relation]:
    """The industries an event's programme takes up (专题对接活动聚焦新材料).

    >>> c = Context.of("对接会聚焦新材料", {"对接会": "event", "新材料": "industry"})
    >>> [(r.subject.norm, r.object.norm) for r in covers_industry(c, 0.55)]
    [('对接会', '新材料')]
    """
    for e in c.of_kind("event"):
        for i in _governed(c, e, COVERING):
            yield Relation(e, "coversIndustry", i, confidence)


def supports_industry(c: Context, confidence: float) -> Iterator[Relation]:
    """The industries a policy supports: by its verb (《目录》鼓励...先进制造业) or by its
    title (《关于促进制造业有序转移的指导意见》).

    >>> c = Context.of("《目录》鼓励先进制造业", {"目录": "policy", "先进制造业": "industry"})
    >>> [(r.subject.norm, r.object.norm) for r in supports_industry(c, 0.55)]
    [('目录', '先进制造业')]
    """
    for pol in c.of_kind("policy"):
        for i in _governed(c, pol, SUPPORTING):
            yield Relation(pol, "supportsIndustry", i, confidence)
        if SUPPORTING.search(pol.norm):
            for a, b, e in c.named_inside(pol, "industry"):
                if e.iri:
                    yield Relation(pol, "supportsIndustry", c.nested(pol, a, b, e), confidence + 0.05)


def figure(c: Context, confidence: float) -> Iterator[Relation]:
    """A count, of the owner named before it in its clause and joined to it by a verb of
    having or reaching (哈尔滨签约项目38个, 园区已集聚企业120家) - none when no owner is
    named there, when another name, a speaker or another scope stands between them (商务部
    公布：我国汽车出口...), or when the count has no noun.

    >>> from decimal import Decimal
    >>> n = Count(7, 10, "38个", Decimal(38), "个", "项目", None)
    >>> c = Context.of("哈尔滨签约项目38个", {"哈尔滨": "region"}, counts=[n])
    >>> [(r.subject.norm, r.object.thing) for r in figure(c, 0.5)]
    [('哈尔滨', '项目')]
    >>> n = Count(11, 13, "5个", Decimal(5), "个", "国家", None)
    >>> c = Context.of("商务部公布，我国汽车出口到5个国家", {"商务部": "government"}, counts=[n])
    >>> list(figure(c, 0.5))
    []
    >>> n = Count(5, 7, "8个", Decimal(8), "个", "国家", None)
    >>> c = Context.of("杭州迎来8个国家的代表", {"杭州": "region"}, counts=[n])
    >>> list(figure(c, 0.5))
    []
    >>> n = Count(9, 11, "4个", Decimal(4), "个", "港口", None)
    >>> c = Context.of("浙江、安徽、江苏共有4个港口", {"浙江": "region", "安徽": "region", "江苏": "region"}, counts=[n])
    >>> list(figure(c, 0.5))
    []
    >>> n = Count(8, 12, "800名", Decimal(800), "名", "学生", None)
    >>> c = Context.of("西宁某民族中学有800名学生", {"西宁": "region"}, counts=[n])
    >>> list(figure(c, 0.5))
    []
    """
    owners = c.orgs + c.of_kind("region", "event", "park", "project")
    named = c.facts.mentions
    for n in c.facts.counts:
        at = n.start - c.offset
        before = [m for m in owners if m.end <= n.start and c.clause(c.end(m), at)]
        before = [m for m in before if not any(c.inside(m, o) for o in owners)]
        if not before:
            continue
        owner = max(before, key=lambda m: m.end)
        gap = c.s[c.end(owner) : at]
        if len(gap) > FIGURE_GAP or OTHER_SCOPE.search(gap) or c.hedged(c.end(owner), at):
            continue
        if gap.startswith(("至", "到", "—", "-")):
            continue  # 成都至罗兹开通了5条班列: the route's, not the city's
        if any(owner.end <= m.start < n.start for m in named if m.kind != "industry"):
            continue  # another name between them: whose figure is it?
        verbs = [gap.find(v) for v in c.lex.figure_verbs if v in gap]
        if not verbs or c.names_a_holder(gap[: min(verbs)]):
            continue  # no verb, or a holder before it: 西宁果洛民族中学有800名学生 is the school's
        first = owner  # back over the places written with it (海南海口)
        while prev := next((m for m in owners if m.end == first.start and m.kind == "region"), None):
            first = prev
        if any(JOINS.match(c.between(m, first)) for m in owners if m.end <= first.start):
            continue  # 浙江、安徽、江苏共有4个港口: a figure the places share
        yield Relation(owner, "count", n, confidence)


# Each rule's confidence is its measured precision on the blind annotation, where it gives
# at least 5 relations found over dev-1..15 (`bench/ingest_quality.py --file dev-1.yaml ...
# --file dev-15.yaml --by-rule --floor 0`), as (right + 1) / (found + 2) rounded down to
# 0.05, measured at kg-ingest/21: part of a place 142 of 162 (0.85), issued by 27 of 30
# (0.85), held in 28 of 35 (0.75), place leading the sentence 8 of 10 (0.75), industry in
# the event's name 7 of 8 (0.80), milestone reached 7 of 9 (0.70), organizes or hosts 6 of
# 10 (0.55). Of the 69 wrong ones at kg-ingest/20, 19 came from items the annotation calls
# irrelevant and 25 from a subject the annotation does not hold (a misread or generic name
# upstream). Two rules state what the annotators, by their files' decisions, leave out - a
# place or a sector written inside a name (深圳海关 in 深圳, 舟山绿色石化基地 in 石化) - so the
# annotation measures their convention, not their truth (place in the name 18 of 33, industry
# in the name 3 of 13): their confidence is their precision judged against the world on
# unannotated corpus text (place in the name 38 of 40 right at kg-ingest/19; of 43 relations
# of both rules drawn from unannotated text at /21, 37 right - the wrong ones a university
# outside the province its name begins with, a prefecture read as the province of its name).
# A count is judged, not annotated: 79 of the 91 figures of bench/gold/figures-judged-4.yaml
# (0.85). Rules with fewer cases keep the confidence they were written with.
RULES: tuple[Rule, ...] = (
    Rule("place beside the name", "locatedIn", 0.75, place_beside),
    Rule("place in the name", "locatedIn", 0.8, place_in_name),
    Rule("place leading the sentence", "locatedIn", 0.75, place_leading),
    Rule("industry in the name", "inIndustry", 0.75, industry_in_name),
    Rule("builder in the name", "builds", 0.7, builder_in_name),
    Rule("cooperation verb", "cooperatesWith", 0.65, cooperation),
    Rule("builds or invests", "builds", 0.65, builds_or_invests),
    Rule("investment amount", "investment", 0.7, investment),
    Rule("milestone reached", "milestone", 0.7, milestone),
    Rule("issued by", "issuedBy", 0.85, issued_by),
    Rule("organizes or hosts", "organizes", 0.55, organizes),
    Rule("held in", "heldIn", 0.75, held_in),
    Rule("part of a place", "partOf", 0.85, part_of),
    Rule("part of an event", "subEventOf", 0.7, sub_event),
    Rule("attends", "participant", 0.6, participant),
    Rule("event covers an industry", "coversIndustry", 0.55, covers_industry),
    Rule("industry in the event's name", "coversIndustry", 0.8, industry_in_event_name),
    Rule("policy supports an industry", "supportsIndustry", 0.55, supports_industry),
    Rule("count with its owner", "count", 0.85, figure),
)
# The pipeline states a relation only from a rule whose confidence reaches this floor
# (precision over recall): the rules under it still run, and are measured with
# `bench/ingest_quality.py --floor 0`, but what they find is not emitted.
RELATION_FLOOR = 0.6


def relations(
    c: Context, rules: Iterable[Rule] = RULES, floor: float = RELATION_FLOOR
) -> list[Relation]:
    """Every relation the rules find in the sentence whose confidence reaches ``floor``, each
    once, in rule order (what a rule under the floor finds is still seen by the rules after
    it, in ``c.stated``).

    >>> c = Context.of("无人机产业基地封顶", {"无人机产业基地": "park"})
    >>> c.g.add(Entry("无人机", "industry", iri="urn:example:uav"))
    >>> weak = Rule("industry in the name", "inIndustry", 0.5, industry_in_name)
    >>> relations(c, (weak,))
    []
    >>> [r.object.norm for r in relations(c, (weak,), floor=0)]
    ['无人机']
    """
    for rule in rules:
        c.stated += list(rule.find(c, rule.confidence))
    return list(dict.fromkeys(r for r in c.stated if round(r.confidence, 2) >= floor))


def places_named_alone(found: list[SentenceFacts], lex: Lexicon) -> None:
    """An article's places decide where its names are: a name that begins with a place
    (哈尔滨工业大学, 海口美兰国际机场) is in that place when the article also names the place
    on its own; where it names the place only inside names, a name's place is the one the
    article's text gives (在黑龙江，…哈尔滨工业大学 is in 黑龙江), and the place inside the name
    states nothing - unless the name is an address (a place right after a place: 河南信阳袁湾水库;
    not a county's short form, nor a place after an organisation: 中科院成都生物研究所)
    or a zone named by its place alone (邢台高新区, 苏州高新区: the place and a zone's kind).
    Drops, in place, the other ``locatedIn`` relations to a place written inside their
    subject's name.

    >>> lex = load(SOURCE_TREE)
    >>> uni = Mention(0, 7, "哈尔滨工业大学", "哈尔滨工业大学", "university")
    >>> city = Mention(0, 3, "哈尔滨", "哈尔滨", "region")
    >>> f = SentenceFacts(0, 10, "", [uni, city], relations=[Relation(uni, "locatedIn", city, 0.8)])
    >>> places_named_alone([f], lex); f.relations
    []
    >>> alone = Mention(12, 15, "哈尔滨", "哈尔滨", "region")
    >>> g = SentenceFacts(12, 20, "", [alone])
    >>> f.relations = [Relation(uni, "locatedIn", city, 0.8)]
    >>> places_named_alone([f, g], lex); [r.object.norm for r in f.relations]
    ['哈尔滨']
    >>> zone = Mention(0, 5, "邢台高新区", "邢台高新区", "park")
    >>> f = SentenceFacts(0, 5, "", [zone], relations=[Relation(zone, "locatedIn", Mention(0, 2, "邢台", "邢台", "region"), 0.8)])
    >>> places_named_alone([f], lex); [r.object.norm for r in f.relations]
    ['邢台']

    A place after an organisation's name is no address (corpus text, 2022):

    >>> lab = Mention(0, 10, "中科院成都生物研究所", "中科院成都生物研究所", "research-institute")
    >>> cas = Mention(0, 3, "中科院", "中科院", "research-institute")
    >>> chengdu = Mention(3, 5, "成都", "成都", "region")
    >>> f = SentenceFacts(0, 10, "", [lab, cas, chengdu], relations=[Relation(lab, "locatedIn", chengdu, 0.8)])
    >>> places_named_alone([f], lex); f.relations
    []

    A county's short form written only inside the name gives way to the place before it,
    when the article names that one alone (corpus text, 2023):

    >>> base = Mention(0, 11, "新疆玛纳斯春小麦种植基地", "新疆玛纳斯春小麦种植基地", "park")
    >>> xj, county = Mention(0, 2, "新疆", "新疆", "region"), Mention(2, 5, "玛纳斯", "玛纳斯", "region", Entry("玛纳斯", "region", canonical="玛纳斯县", level="district"))
    >>> f = SentenceFacts(0, 11, "", [base, xj, county], relations=[Relation(base, "locatedIn", county, 0.8)])
    >>> g = SentenceFacts(20, 22, "", [Mention(20, 22, "新疆", "新疆", "region")])
    >>> places_named_alone([f, g], lex); [r.object.norm for r in f.relations]
    ['新疆']
    """
    named = {
        m.norm
        for f in found
        for m in relation_ends(f.mentions)
        if m.kind == "region"
        and not any(o.start <= m.start and m.end <= o.end and o.kind != "region" for o in f.mentions)
    }
    zones = {sfx for sfx, kind in lex.suffixes if kind == "park" and len(sfx) > 1}

    def stated(r: Relation, f: SentenceFacts) -> bool:
        o, s = r.object, r.subject
        if r.predicate != "locatedIn" or not isinstance(o, Mention):
            return True
        if not (s.start <= o.start and o.end <= s.end) or o.norm in named:
            return True
        # a place after a place (河南信阳袁湾水库), not after an organisation (中科院成都生物研究所)
        # a county's short form only where the article names it alone (新疆玛纳斯…: 玛纳斯)
        county = o.entry is not None and o.entry.level == "district" and o.entry.canonical not in (None, o.norm)
        address = not county and any(
            p.kind == "region" and p.end == o.start and s.start <= p.start for p in relation_ends(f.mentions)
        )
        zone = s.kind == "park" and s.norm[o.end - s.start :] in zones
        return address or zone

    def instead(r: Relation, f: SentenceFacts) -> Relation | None:
        """For a county's short form dropped (新疆玛纳斯…基地), the place written before it
        when the article names that one alone."""
        o, s = r.object, r.subject
        if r.predicate != "locatedIn" or not isinstance(o, Mention):
            return None
        before = [p for p in relation_ends(f.mentions) if p.kind == "region" and p.end == o.start and s.start <= p.start]
        return next((Relation(s, r.predicate, p, r.confidence) for p in before if p.norm in named), None)

    for f in found:
        kept: list[Relation] = []
        for r in f.relations:
            if stated(r, f):
                kept.append(r)
            elif (other := instead(r, f)) is not None:
                kept.append(other)
        f.relations = list(dict.fromkeys(kept))

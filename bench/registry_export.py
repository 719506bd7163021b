"""Synthetic enterprise registry exports - generated, never real, never mixed with real data.

The columns are laid out as registry exports lay them out (企业名称, 统一社会信用代码, 法定代表人,
成立日期, 注册资本, 登记状态, 所属省份 / 城市 / 区县, 注册地址, 国标行业门类 / 大类 / 中类 / 小类,
企业类型, 经营范围, 专精特新, 高新技术企业); the places are real administrative divisions
(``data/gazetteer/admin-divisions.csv``) and the classes real GB/T 4754-2017 classes
(``data/reference/gbt4754-2017.csv``), but every name says 合成 (synthetic) and every
credit code carries the division 000000, which no real registration has - so no generated
code is a real enterprise's. Import them into a store of their own with the synthetic base
IRI (``KG_BASE_IRI=https://w3id.org/kg-industry/synthetic/``).

    python bench/registry_export.py --rows 100000 -o var/bench/registry-100000.csv
    python bench/registry_export.py --rows 1000 -o var/bench/registry-1000.xlsx
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC_BASE = "https://w3id.org/kg-industry/synthetic/"
HEADER = [
    "企业名称",
    "统一社会信用代码",
    "法定代表人",
    "成立日期",
    "注册资本",
    "登记状态",
    "所属省份",
    "所属城市",
    "所属区县",
    "注册地址",
    "国标行业门类",
    "国标行业大类",
    "国标行业中类",
    "国标行业小类",
    "企业类型",
    "经营范围",
    "专精特新",
    "高新技术企业",
]
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]
STATUSES = ["存续", "在业", "存续", "在业", "注销", "吊销"]
FORMS = [
    "有限责任公司（自然人投资或控股）",
    "股份有限公司（非上市）",
    "有限责任公司（法人独资）",
    "其他有限责任公司",
]
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
SCOPE = "技术开发、技术咨询、技术服务；{0}的研发、生产与销售；货物进出口。（依法须经批准的项目，经相关部门批准后方可开展经营活动）"


def credit_code(rng: random.Random) -> str:
    """A well-formed code with the division 000000 (never a real registration's)."""
    body = "91" + "000000" + "".join(rng.choice(ALPHABET) for _ in range(9))
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS, strict=True))
    return body + ALPHABET[(31 - total % 31) % 31]


def _divisions() -> list[tuple[str, str, str]]:
    """(province, city, district) names of real divisions, districts under cities."""
    with (ROOT / "data/gazetteer/admin-divisions.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by_code = {r["code"]: r for r in rows}
    out = []
    for r in rows:
        if r["level"] != "district":
            continue
        city = by_code.get(r["parent"])
        province = by_code.get(city["parent"]) if city else None
        if city and province and city["name"] not in ("市辖区", "县", "省直辖县级行政区划"):
            out.append((province["name"], city["name"], r["name"]))
    return out


def _classes() -> list[tuple[str, str, str, str]]:
    """(section, division, group, class) cells as registries write them: code and name."""
    with (ROOT / "data/reference/gbt4754-2017.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by_code = {r["code"]: r for r in rows}
    out = []
    for r in rows:
        if r["level"] != "4" or r["section"] not in "CIM":
            continue
        group = by_code[r["parent"]]
        division = by_code[group["parent"]]
        section = by_code[division["parent"]]
        out.append(
            (
                section["name"],
                f"{r['section']}{division['code']} {division['name']}",
                f"{r['section']}{group['code']} {group['name']}",
                f"{r['section']}{r['code']} {r['name']}",
            )
        )
    return out


def rows(n: int, seed: int = 20241130) -> Iterator[list[str]]:
    rng = random.Random(seed)
    places = _divisions()
    classes = _classes()
    for i in range(n):
        province, city, district = rng.choice(places)
        section, division, group, cls = rng.choice(classes)
        founded = dt.date(1995, 1, 1) + dt.timedelta(days=rng.randrange(10_000))
        tier = rng.random()
        yield [
            f"合成企业{i:07d}有限公司",
            credit_code(rng),
            "合成" + rng.choice(SURNAMES) + "某",
            founded.isoformat(),
            f"{rng.choice([50, 100, 200, 500, 1000, 3000, 5000])}万元人民币",
            rng.choice(STATUSES),
            province,
            city,
            district,
            f"{province}{city}{district}合成路{rng.randrange(1, 999)}号",
            section,
            division,
            group,
            cls,
            rng.choice(FORMS),
            SCOPE.format(cls.split(" ", 1)[1]),
            "专精特新小巨人" if tier < 0.01 else ("专精特新中小企业" if tier < 0.05 else ""),
            "是" if rng.random() < 0.1 else "否",
        ]


def write(path: Path, n: int, seed: int = 20241130) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".xlsx":
        import xlsxwriter

        book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        sheet = book.add_worksheet("企业信息")
        sheet.write_row(0, 0, HEADER)
        for r, row in enumerate(rows(n, seed), start=1):
            sheet.write_row(r, 0, row)
        book.close()
        return path
    encoding = "gb18030" if path.suffix == ".gbk" else "utf-8"
    with path.open("w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(rows(n, seed))
    return path


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--rows", type=int, default=1000)
    p.add_argument("--seed", type=int, default=20241130)
    p.add_argument("-o", "--output", type=Path, required=True, help=".csv or .xlsx")
    args = p.parse_args()
    write(args.output, args.rows, args.seed)
    print(f"{args.rows} rows -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Generate realistic, valid 部门预算 data files for benchmarks and batch tests.

Three sizes:
  small  the shipped minimal example (examples/minimal.yaml), copied as is;
  seed   like seed 002 (曾都区政务服务和大数据管理局): one unit, 20 ledger lines, 7 projects;
  large  a city bureau: 5 units, 2,000 ledger lines, 150 projects × 12 indicators, and a wide
         功能分类 tree (every ledger line's 项 is a real code of the built-in 2024 catalogue).

Every figure that the validator cross-checks (approved control figures by source, unit, 功能
and 经济 class, "三公", project amounts, procurement) is computed from the generated ledger, so a
generated file validates with no error and no warning. Output is deterministic given the seed.

    python benchmarks/generate.py OUTDIR --size seed --count 200 [--seed 1] [--broken 3]
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "src" / "budgetauthor" / "catalog" / "data" / "2024"
MINIMAL = ROOT / "examples" / "minimal.yaml"
SIZES = ("small", "seed", "large")
CENT = Decimal("0.01")
YEAR = 2024

# ---- the catalogue ------------------------------------------------------------------------------


def _read(name: str) -> dict[str, str]:
    with open(CATALOG / name, encoding="utf-8", newline="") as fh:
        return {row["code"]: row["name"] for row in csv.DictReader(fh)}


FUNCTION = _read("function.csv")
ECONOMIC = _read("economic.csv")
# 类 a department budget never spends on (fund transfers, debt, reserves).
_SKIP_CLASSES = {"223", "227", "229", "230", "231", "232", "233"}
# Every 7-digit 项 whose 款 and 类 are in the catalogue: the pool project lines draw from.
ITEMS = sorted(
    c for c in FUNCTION
    if len(c) == 7 and c[:5] in FUNCTION and c[:3] in FUNCTION and c[:3] not in _SKIP_CLASSES
)
OPERATION_ITEMS = [c for c in ITEMS if c.endswith("01") and FUNCTION[c] in ("行政运行", "事业运行")]
PROJECT_ITEMS = [c for c in ITEMS if FUNCTION[c] not in ("行政运行", "事业运行", "机关服务")]

# 基本支出: (economic 款, share of a unit's 人员/公用 money, function 项 or None = the unit's 运行 项)
PERSONNEL = [
    ("30101", 18, None), ("30102", 12, None), ("30103", 14, None), ("30107", 8, None),
    ("30199", 6, None), ("30108", 9, "2080505"), ("30109", 4, "2080506"), ("30112", 1, "2089999"),
    ("30110", 5, "2101101"), ("30111", 3, "2101103"), ("30113", 8, "2210201"),
    ("30302", 3, "2080501"), ("30307", 1, "2101103"),
]
PUBLIC = [
    ("30201", 20, None), ("30202", 3, None), ("30205", 4, None), ("30206", 6, None), ("30207", 3, None),
    ("30209", 8, None), ("30211", 6, None), ("30213", 5, None), ("30215", 2, None), ("30216", 3, None),
    ("30217", 2, None), ("30228", 6, None), ("30229", 5, None), ("30231", 6, None), ("30239", 10, None),
    ("30299", 11, None),
]
PROJECT_ECONOMIC = ["30227", "30299", "30226", "30213", "30218", "30203", "30216", "31002", "31007", "30905"]

# ---- words --------------------------------------------------------------------------------------

PLACES = [
    "青山区", "临江区", "曾都区", "西湖区", "东湖区", "北塘区", "南溪县", "云岭县", "安平县", "石门县",
    "长宁区", "新洲区", "江岸区", "汉川市", "宜城市", "丹江口市", "枣阳市", "松滋市", "当阳市", "赤壁市",
]
BUREAUS = [
    ("政务服务和大数据管理局", "政务服务"), ("档案馆", "档案"), ("统计局", "统计"), ("审计局", "审计"),
    ("市场监督管理局", "市场监管"), ("自然资源和规划局", "自然资源"), ("生态环境分局", "生态环境"),
    ("交通运输局", "交通运输"), ("水利和湖泊局", "水利"), ("农业农村局", "农业农村"), ("民政局", "民政"),
    ("卫生健康局", "卫生健康"), ("文化和旅游局", "文化旅游"), ("应急管理局", "应急管理"), ("科学技术局", "科技"),
    ("住房和城乡建设局", "住房建设"), ("人力资源和社会保障局", "人力社保"), ("退役军人事务局", "退役军人"),
]
OFFICES = ["办公室", "政策法规股", "计划财务股", "综合业务股", "监督检查股", "信息化股", "行政审批股", "人事教育股"]
SUBUNITS = ["事务中心", "服务中心", "信息中心", "综合执法大队", "监测站", "发展研究中心", "培训中心", "档案室"]
TOPICS = [
    "信息化系统运行维护", "政务服务窗口外包服务", "业务档案数字化", "专项督查检查", "基础数据普查",
    "网络安全等级保护", "办公场所租赁", "业务骨干培训", "应急物资储备", "宣传教育", "法律顾问服务",
    "第三方绩效评价", "专用设备购置", "监测网络建设", "志愿服务活动", "公共服务热线运行", "课题研究",
    "数据共享平台建设", "执法装备更新", "安全生产检查", "惠民补助发放", "标准化建设", "满意度调查",
    "老旧设施维修改造", "移动办公终端购置", "统计调查", "视频监控运维", "线上办事平台升级",
]
SUFFIXES = ["专项经费", "工作经费", "项目", "运维费", "补助资金", "建设项目"]
CATEGORIES = ["其他运转类", "特定目标类"]
INDICATORS = [
    ("产出指标", "数量指标", "完成{t}任务数", "≥", "{n}", "项"),
    ("产出指标", "数量指标", "覆盖服务对象", "≥", "{n}0", "人次"),
    ("产出指标", "数量指标", "开展专项工作次数", "≥", "{m}", "次"),
    ("产出指标", "质量指标", "验收合格率", "≥", "98", "%"),
    ("产出指标", "质量指标", "{t}质量", "定性", "符合规范要求", ""),
    ("产出指标", "时效指标", "任务按期完成率", "＝", "100", "%"),
    ("成本指标", "经济成本指标", "{t}主体费用", "≤", "{c1}", "万元"),
    ("成本指标", "经济成本指标", "配套服务费用", "≤", "{c2}", "万元"),
    ("效益指标", "社会效益指标", "公共服务水平", "定性", "明显提升", ""),
    ("效益指标", "社会效益指标", "群众办事便利程度", "定性", "有效提高", ""),
    ("效益指标", "可持续影响指标", "长效工作机制", "定性", "基本建立", ""),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", "95", "%"),
]
SEED_INDICATORS = (0, 3, 5, 6, 8, 11)  # seed-scale projects: 6 indicators, all four 一级 present


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def text(value: Decimal) -> str:
    return f"{value:.2f}"


class Generator:
    def __init__(self, size: str, seed: int, scale: int = 1):
        self.size = size
        self.rng = random.Random(f"{size}:{seed}:{scale}" if scale != 1 else f"{size}:{seed}")
        self.seed = seed
        self.scale = scale  # large only: scale × (2,000 lines, 150 projects), to check growth is linear

    # ---- shape of the department -----------------------------------------------------------

    def profile(self) -> dict:
        rng = self.rng
        place = PLACES[self.seed % len(PLACES)]
        bureau, field = BUREAUS[(self.seed // len(PLACES) + self.seed) % len(BUREAUS)]
        self.field = field
        self.name = f"{place}{bureau}"
        self.place = place
        base = 100 + self.seed % 800
        n_units = 5 if self.size == "large" else 1
        units = [{"code": f"{base:03d}001", "name": f"{self.name}本级" if n_units > 1 else self.name, "type": "行政单位"}]
        for i, sub in enumerate(rng.sample(SUBUNITS, n_units - 1), 2):
            kind = "参照公务员法管理事业单位" if i == 2 else "事业单位"
            units.append({"code": f"{base:03d}{i:03d}", "name": f"{place}{field}{sub}", "type": kind})
        self.units = units
        serving = rng.randint(8, 20) * (6 if self.size == "large" else 1)
        return {
            "name": self.name,
            "code": f"{base:03d}",
            "year": str(YEAR),
            "level": "县级" if place.endswith("县") else "区级",
            "amount_unit": "万元",
            "units": units,
            "duties": [
                f"贯彻执行国家和省、市关于{field}工作的方针政策和法律法规，拟订全{place[-1]}{field}发展规划并组织实施。",
                f"负责全{place[-1]}{field}领域的统筹协调、监督检查和综合管理工作。",
                f"负责{field}相关公共服务体系建设，推进服务标准化、规范化、便利化。",
                f"负责{field}领域信息化建设和数据管理，推动信息共享和业务协同。",
                "完成区委、区政府交办的其他任务。",
            ],
            "tasks": [
                f"聚焦{field}重点工作，推进各项改革任务落地见效。",
                "加强干部队伍建设，持续提升履职能力和服务水平。",
                "严格预算执行管理，提高财政资金使用效益。",
            ],
            "internal_departments": rng.sample(OFFICES, 4),
            "staffing": {
                "authorized": {"行政编制": str(serving - 2), "事业编制": str(2 if n_units == 1 else serving // 2)},
                "serving": {"行政人员": str(serving - 3), "事业人员": str(3 if n_units == 1 else serving // 2)},
                "retired": {"退休人员": str(rng.randint(1, 6))},
            },
        }

    # ---- ledger --------------------------------------------------------------------------------

    def ledger(self) -> tuple[list[dict], list[dict]]:
        """Project lines first (so project totals are known), then 基本支出 lines up to the size."""
        rng = self.rng
        if self.size == "large":
            n_projects, n_lines = 150 * self.scale, 2000 * self.scale
        else:
            n_projects, n_lines = 7, 20
        names: set[str] = set()
        projects: list[dict] = []
        lines: list[dict] = []
        for i in range(n_projects):
            unit = self.units[i % len(self.units)]
            topic = rng.choice(TOPICS)
            name = f"{self.field}{topic}{rng.choice(SUFFIXES)}"
            while name in names:
                name = f"{self.field}{topic}（{'一二三四五六七八九十'[len(names) % 10]}期）{rng.choice(SUFFIXES)}"
                if name in names:
                    name = f"{unit['name'].removeprefix(self.place)}{topic}{len(names) + 1}号{rng.choice(SUFFIXES)}"
            names.add(name)
            k = 1 if self.size != "large" else rng.choice((2, 3, 3, 4, 5))
            item = rng.choice(PROJECT_ITEMS) if self.size == "large" else "2010302"
            for j in range(k):
                source = "一般公共预算"
                if self.size == "large":
                    source = rng.choices(
                        ["一般公共预算", "政府性基金预算", "财政专户管理资金", "事业收入", "上年结转（一般公共预算）"],
                        weights=[70, 8, 5, 7, 10],
                    )[0]
                    if j and rng.random() < 0.3:
                        item = rng.choice(PROJECT_ITEMS)  # a project may span several 项
                amount = money(rng.uniform(3, 120) if self.size == "large" else rng.uniform(8, 160))
                lines.append({
                    "unit": unit["code"], "function": item, "economic": rng.choice(PROJECT_ECONOMIC),
                    "kind": "项目", "project": name, "source": source, "amount": amount,
                })
            projects.append({"name": name, "unit": unit["code"], "topic": topic})
        basic_needed = n_lines - len(lines)
        per_unit = [basic_needed // len(self.units)] * len(self.units)
        per_unit[0] += basic_needed - sum(per_unit)
        basic: list[dict] = []
        for u, unit in enumerate(self.units):
            operation = "2010301" if u == 0 else rng.choice(OPERATION_ITEMS)
            if self.size == "large" and u == 0:
                operation = rng.choice([c for c in OPERATION_ITEMS if c.startswith("201")])
            staff = money(rng.uniform(120, 260) if self.size != "large" else rng.uniform(600, 1800))
            public = money(staff * Decimal(rng.uniform(0.08, 0.14)))
            pools = {"人员": staff, "公用": public}
            personnel = [(code, w, f, "人员") for code, w, f in PERSONNEL]
            common = [(code, w, f, "公用") for code, w, f in PUBLIC]
            count = per_unit[u]
            if count >= len(personnel) + len(common):
                # every economic 款 once, then further lines (by post or by item) for the same 款
                plan = personnel + common
                rows = [plan[i % len(plan)] for i in range(count)]
            else:
                # a small department: the main 人员经费 款, and 公用经费 including 公务接待费
                n = (count * 3 + 4) // 5
                reception = [r for r in common if r[0] == "30217"]
                others = sorted((r for r in common if r[0] != "30217"), key=lambda r: -r[1])
                rows = personnel[:n] + reception + others[: count - n - 1]
            weight_total: dict[str, int] = defaultdict(int)
            for _code, w, _f, pool in rows:
                weight_total[pool] += w
            for code, w, f, pool in rows:
                amount = money(pools[pool] * w / weight_total[pool] * Decimal(rng.uniform(0.85, 1.15)))
                basic.append({
                    "unit": unit["code"], "function": f or operation, "economic": code, "kind": "基本",
                    "source": "一般公共预算", "amount": max(amount, CENT),
                })
        return basic + lines, projects

    # ---- everything derived from the ledger ---------------------------------------------------

    def build(self) -> dict:
        rng = self.rng
        profile = self.profile()
        ledger, projects = self.ledger()
        multi = len(self.units) > 1

        total = sum((ln["amount"] for ln in ledger), Decimal(0))
        fiscal_labels = {"一般公共预算", "政府性基金预算", "国有资本经营预算", "上年结转（一般公共预算）"}
        fiscal = sum((ln["amount"] for ln in ledger if ln["source"] in fiscal_labels), Decimal(0))
        basic = sum((ln["amount"] for ln in ledger if ln["kind"] == "基本"), Decimal(0))
        project = total - basic
        personnel = sum((ln["amount"] for ln in ledger if ln["kind"] == "基本" and ln["economic"][:3] in ("301", "303")), Decimal(0))
        public = basic - personnel
        by_source: dict[str, Decimal] = defaultdict(Decimal)
        by_unit: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        by_function: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        by_economic: dict[str, Decimal] = defaultdict(Decimal)
        per_project: dict[str, Decimal] = defaultdict(Decimal)
        three = defaultdict(Decimal)
        three_codes = {"30212": "abroad", "30217": "reception", "30231": "vehicle_operation", "31013": "vehicle_purchase"}
        for ln in ledger:
            a = ln["amount"]
            by_source[ln["source"]] += a
            u = by_unit[ln["unit"]]
            u["total"] += a
            u["basic" if ln["kind"] == "基本" else "project"] += a
            if ln["source"] in fiscal_labels:
                u["fiscal"] += a
                if ln["economic"] in three_codes:
                    three[three_codes[ln["economic"]]] += a
            levels = (3, 5, 7) if not multi else (3, 5)
            for n in levels:
                node = by_function[ln["function"][:n]]
                node["total"] += a
                node["basic" if ln["kind"] == "基本" else "project"] += a
            if ln["kind"] == "基本":
                for n in (3, 5):
                    by_economic[ln["economic"][:n]] += a
            if ln.get("project"):
                per_project[ln["project"]] += a
        three_total = sum(three.values(), Decimal(0))
        operating = sum(
            (ln["amount"] for ln in ledger if ln["kind"] == "基本" and ln["economic"][:3] == "302"
             and ln["source"] == "一般公共预算" and ln["unit"] == self.units[0]["code"]),
            Decimal(0),
        )
        # the default 机关运行经费 counts 参公 units too
        operating += sum(
            (ln["amount"] for ln in ledger if ln["kind"] == "基本" and ln["economic"][:3] == "302"
             and ln["source"] == "一般公共预算" and multi and ln["unit"] == self.units[1]["code"]),
            Decimal(0),
        )

        def amounts(d: dict) -> dict:
            return {k: text(v) for k, v in d.items()}

        approved = {
            "income_total": text(total),
            "expenditure_total": text(total),
            "fiscal": text(fiscal),
            "basic": text(basic),
            "project": text(project),
            "personnel": text(personnel),
            "public": text(public),
            "by_source": amounts(by_source),
        }
        if multi:
            approved["by_unit"] = {code: amounts(v) for code, v in by_unit.items()}
        approved["by_function"] = {code: amounts(by_function[code]) for code in sorted(by_function)}
        approved["by_economic"] = {code: text(by_economic[code]) for code in sorted(by_economic)}

        out_ledger = []
        for ln in ledger:
            row = {k: ln[k] for k in ("unit", "function", "economic", "kind", "project", "source") if ln.get(k)}
            if not multi:
                row.pop("unit")
            row["amount"] = text(ln["amount"])
            out_ledger.append(row)

        out_projects, procurement = [], []
        for i, p in enumerate(projects):
            amount = per_project[p["name"]]
            out_projects.append(self.project(p, amount, i))
            if i % 3 == 0:
                value = money(amount * Decimal("0.8"))
                procurement.append({
                    "unit": p["unit"], "project": p["name"], "item": f"{p['topic']}服务",
                    "category": "服务", "amount": text(value), "sme_amount": text(money(value * Decimal("0.6"))),
                })

        def previous(current: Decimal, reason: str) -> dict:
            factor = Decimal(rng.uniform(0.8, 1.2))
            return {"amount": text(money(current * factor)), "reason": reason}

        prev_basic = previous(basic, "人员正常增资和在职人员变动")
        prev_project = previous(project, "部分项目到期，新增重点工作项目")
        prev_total = Decimal(prev_basic["amount"]) + Decimal(prev_project["amount"])
        prev = {
            "income_total": {"amount": text(prev_total), "reason": "人员正常增资及项目支出调整"},
            "fiscal": {"amount": text(money(prev_total * fiscal / total)), "reason": "财政拨款项目安排调整"},
            "basic": prev_basic,
            "project": prev_project,
            "operating_expenses": previous(operating, "严格控制一般性支出"),
            "procurement": previous(sum((Decimal(x["amount"]) for x in procurement), Decimal(0)), "采购项目安排调整"),
        }
        prev["three_public"] = {
            "total": {"amount": text(three_total), "reason": "严格执行中央八项规定精神，“三公”经费零增长"},
            **{k: text(three[k]) for k in ("abroad", "reception", "vehicle_operation", "vehicle_purchase")},
        }
        prev["by_function"] = {
            code: previous(by_function[code]["total"], f"{FUNCTION[code]}相关工作任务调整")
            for code in sorted(by_function) if len(code) == 3
        }

        assets_total = money(total * Decimal(rng.uniform(1.5, 3)))
        current_assets = money(assets_total * Decimal("0.35"))
        fixed = money(assets_total * Decimal("0.55"))
        data = {
            "version": "1",
            "profile": profile,
            "approved": approved,
            "ledger": out_ledger,
            "projects": out_projects,
            "previous": prev,
            "three_public": {
                "total": text(three_total),
                **{k: text(three[k]) for k in ("abroad", "reception", "vehicle_purchase", "vehicle_operation")},
            },
            "procurement": {"total": text(sum((Decimal(x["amount"]) for x in procurement), Decimal(0))), "items": procurement},
            "assets": {
                "as_of": f"{YEAR - 1}-12-31",
                "holdings": [
                    {"name": "资产总额", "amount": text(assets_total), "previous": text(money(assets_total * Decimal("0.96"))),
                     "reason": "新购置办公设备及信息化设备"},
                    {"name": "流动资产", "parent": "资产总额", "amount": text(current_assets)},
                    {"name": "固定资产", "parent": "资产总额", "amount": text(fixed)},
                ],
                "vehicles": {"一般公务用车": str(rng.randint(0, 3)), "执法执勤用车": str(rng.randint(0, 4))},
            },
            "performance": {
                "long_term_goal": f"全面履行{self.field}工作职责，提升公共服务质量和治理效能。",
                "annual_goal": f"保障机关正常运转，高质量完成{YEAR}年度{self.field}重点工作任务。",
                "indicators": [
                    {"level1": "产出指标", "level2": "数量指标", "level3": "重点工作任务完成数", "operator": "≥",
                     "value": str(rng.randint(8, 20)), "unit": "项"},
                    {"level1": "产出指标", "level2": "质量指标", "level3": "预算执行率", "operator": "≥", "value": "95", "unit": "%"},
                    {"level1": "效益指标", "level2": "社会效益指标", "level3": "服务保障能力", "operator": "定性", "value": "持续提升"},
                    {"level1": "满意度指标", "level2": "服务对象满意度指标", "level3": "社会公众满意度", "operator": "≥",
                     "value": "90", "unit": "%"},
                ],
            },
            "other_matters": ["无"],
        }
        return data

    def project(self, p: dict, amount: Decimal, i: int) -> dict:
        rng = self.rng
        c1 = money(amount * Decimal("0.6"))
        c2 = money(amount * Decimal("0.3"))
        picks = range(len(INDICATORS)) if self.size == "large" else SEED_INDICATORS
        indicators = []
        for k in picks:
            level1, level2, level3, op, value, unit = INDICATORS[k]
            row = {
                "level1": level1, "level2": level2,
                "level3": level3.format(t=p["topic"]),
                "operator": op,
                "value": value.format(n=rng.randint(2, 40), m=rng.randint(2, 12), c1=text(c1), c2=text(c2)),
            }
            if unit:
                row["unit"] = unit
            indicators.append(row)
        topic = p["topic"]
        return {
            "name": p["name"],
            "code": f"{p['unit']}{YEAR}Y{i + 1:06d}",
            "unit": p["unit"],
            "category": CATEGORIES[i % 2],
            "amount": text(amount),
            "summary": f"用于{topic}相关支出，保障{self.field}领域重点工作顺利开展。",
            "basis": f"《{self.place}{self.field}事业发展“十四五”规划》及年度重点工作安排。",
            "plan": "按照政府采购和财务管理有关规定组织实施，分阶段推进并开展绩效跟踪。",
            "period": f"{YEAR}年1月1日—{YEAR}年12月31日",
            "goal": f"按期完成{topic}任务，服务质量和群众满意度进一步提高。",
            "indicators": indicators,
        }


def department(size: str, seed: int = 0, scale: int = 1) -> dict:
    """The plain data (text scalars) of one generated department."""
    if size == "small":
        return yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    if size not in SIZES:
        raise ValueError(f"size must be one of {SIZES}")
    return Generator(size, seed, scale).build()


try:
    _Dumper = yaml.CSafeDumper
except AttributeError:  # PyYAML without libyaml
    _Dumper = yaml.SafeDumper


def dump(data: dict) -> str:
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=None, width=200)
    return f"# 由 benchmarks/generate.py 生成的示例部门预算数据（金额单位：万元）。\n{body}"


def write(path: str | Path, size: str, seed: int = 0, scale: int = 1) -> Path:
    path = Path(path)
    if size == "small":
        shutil.copyfile(MINIMAL, path)
    else:
        path.write_text(dump(department(size, seed, scale)), encoding="utf-8")
    return path


# ---- broken files: each fails validation with a different, realistic mistake ------------------

BROKEN = {
    # a ledger line retyped with the wrong amount: the control figures no longer add up
    "金额录错": lambda d: d["ledger"][0].update(amount=text(Decimal(d["ledger"][0]["amount"]) + 10)),
    # a 功能分类 code whose 款 does not exist (2019801: there is no 款 20198)
    "科目编码错误": lambda d: d["ledger"][0].update(function="2019801"),
    # a project left without its performance indicators and 立项依据
    "项目信息不全": lambda d: [d["projects"][0].pop(k) for k in ("indicators", "basis")],
}


def write_broken(folder: Path, seed: int = 0) -> list[Path]:
    paths = []
    for i, (label, breaks) in enumerate(BROKEN.items()):
        data = department("seed", seed + i)
        breaks(data)
        path = folder / f"有误-{i + 1}-{label}.yaml"
        path.write_text(dump(data), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--size", choices=SIZES, default="seed")
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0, help="first seed; file i uses seed+i")
    parser.add_argument("--broken", type=int, default=0, help=f"also write up to {len(BROKEN)} invalid files")
    args = parser.parse_args(argv)
    if not args.outdir.is_dir():
        print(f"输出目录不存在：{args.outdir}", file=sys.stderr)
        return 2
    width = len(str(args.count))
    for i in range(args.count):
        write(args.outdir / f"{args.size}-{args.seed + i:0{width}d}.yaml", args.size, args.seed + i)
    if args.broken:
        for path in write_broken(args.outdir, args.seed)[: args.broken]:
            print(f"有误文件：{path}", file=sys.stderr)
    print(f"已生成 {args.count} 个{args.size}部门" + (f"和 {min(args.broken, len(BROKEN))} 个有误文件" if args.broken else "")
          + f"：{args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What a 财政局预算科 reviewer refuses (issue 10, section 2): each rule with its code, severity,
both figures and their difference, and the place in the file.

Every case is the minimal example (青山区档案馆, 2025) with one small, visible edit, or a small
department kept in 元 where the precision of a 元 file is the point.
"""

from __future__ import annotations

from budgetauthor import Severity

from .conftest import MINIMAL, assert_figures, edit, line_of, only, validate_text

PROCUREMENT = "{project: 馆藏档案数字化, item: 档案数字化加工服务, category: 服务, amount: 40.00, sme_amount: 40.00}"


def finding_at(report, code, severity, path, line):
    finding = only(report, code)
    assert finding.severity is severity
    assert finding.path == path
    assert finding.location is not None and finding.location.line == line
    return finding


# ---- 政府采购 -----------------------------------------------------------------------------------------

# Published today: a 密集架 typed as 100039.00 (for 10.039) in a department spending 186.40万元.
SHELVING = "    - {item: 档案密集架, category: 货物, quantity: \"12\", measure: 组, amount: 100039.00}\n"


def test_procurement_larger_than_all_spending_is_refused(tmp_path):
    text = edit(MINIMAL, ("    - " + PROCUREMENT + "\n", "    - " + PROCUREMENT + "\n" + SHELVING))
    report = validate_text(tmp_path, text)
    f = finding_at(report, "procurement-exceeds-total", Severity.ERROR, ("procurement", "items", 1, "amount"),
                   line_of(text, "档案密集架"))
    assert f.message == ("政府采购预算超过部门支出总计：采购明细合计为100,079.00万元，支出总计为186.40万元，"
                         "相差99,892.60万元。请检查采购金额的单位和小数点")
    assert_figures(f, "100,079.00", "186.40", "99,892.60")
    assert not report.valid

"""Exact, deterministic allocation of row totals to column totals (a transportation fill).

Given amounts per row and per column with the same grand total, return non-negative cell
amounts whose row sums and column sums are exactly the given ones. Pairs that belong together
(基本养老保险缴费支出 2080505 ↔ 机关事业单位基本养老保险缴费 30108) are filled first, by score;
the rest goes north-west corner, in the given order. Decimal throughout, so nothing is lost.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from decimal import ROUND_FLOOR, Decimal
from typing import TypeVar

R = TypeVar("R", bound=Hashable)
C = TypeVar("C", bound=Hashable)
ZERO = Decimal(0)


class Unbalanced(ValueError):
    def __init__(self, rows: Decimal, cols: Decimal):
        super().__init__(f"rows {rows} != columns {cols}")
        self.rows = rows
        self.cols = cols


def fill(
    rows: Sequence[tuple[R, Decimal]],
    cols: Sequence[tuple[C, Decimal]],
    score: Callable[[R, C], int] | None = None,
) -> list[tuple[R, C, Decimal]]:
    """Cells (row key, column key, amount) with the given margins. Raises Unbalanced when the
    margins' totals differ."""
    row_total = sum((a for _, a in rows), ZERO)
    col_total = sum((a for _, a in cols), ZERO)
    if row_total != col_total:
        raise Unbalanced(row_total, col_total)
    left_r = [a for _, a in rows]
    left_c = [a for _, a in cols]
    out: list[tuple[R, C, Decimal]] = []

    def take(i: int, j: int) -> None:
        amount = min(left_r[i], left_c[j])
        if amount > 0:
            out.append((rows[i][0], cols[j][0], amount))
            left_r[i] -= amount
            left_c[j] -= amount

    if score is not None:
        preferred = [(s, i, j) for i in range(len(rows)) for j in range(len(cols))
                     if (s := score(rows[i][0], cols[j][0])) > 0]
        for _, i, j in sorted(preferred, key=lambda t: (-t[0], t[1], t[2])):
            take(i, j)
    i = j = 0
    while i < len(rows) and j < len(cols):
        take(i, j)
        if left_r[i] == 0:
            i += 1
        if j < len(cols) and left_c[j] == 0:
            j += 1
    return out


def proportional(
    rows: Sequence[tuple[R, Decimal]],
    cols: Sequence[tuple[C, Decimal]],
    quantum: Decimal = Decimal("0.01"),
) -> list[tuple[R, C, Decimal]]:
    """Like fill, but each row spread over the columns in proportion to their totals (to the
    quantum, rounded down), the few quanta left over then filled exactly. Every row gets a share of
    every column: the guess that assumes nothing."""
    total = sum((a for _, a in cols), ZERO)
    if total != sum((a for _, a in rows), ZERO):
        raise Unbalanced(sum((a for _, a in rows), ZERO), total)
    if total == 0:
        return []
    cells: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    left_r = [a for _, a in rows]
    left_c = [a for _, a in cols]
    for i, (_, a) in enumerate(rows):
        for j, (_, b) in enumerate(cols):
            share = (a * b / total).quantize(quantum, rounding=ROUND_FLOOR)
            if share > 0:
                cells[(i, j)] += share
                left_r[i] -= share
                left_c[j] -= share
    for i, j, amount in fill(list(enumerate(left_r)), list(enumerate(left_c))):
        cells[(i, j)] += amount
    return [(rows[i][0], cols[j][0], amount) for (i, j), amount in sorted(cells.items()) if amount > 0]


def apportion(amount: Decimal, weights: Sequence[tuple[C, Decimal]], quantum: Decimal = Decimal("0.01"),
              ) -> list[tuple[C, Decimal]]:
    """`amount` split in proportion to positive `weights`, to the quantum, summing to `amount`
    exactly: shares rounded down, the quanta left over to the largest remainders (ties: order)."""
    total = sum((w for _, w in weights), ZERO)
    if not weights or total <= 0:
        raise ValueError("weights must be positive")
    raw = [amount * w / total for _, w in weights]
    shares = [r.quantize(quantum, rounding=ROUND_FLOOR) for r in raw]
    left = amount - sum(shares, ZERO)
    order = sorted(range(len(shares)), key=lambda i: (-(raw[i] - shares[i]), i))
    for i in order:
        if left < quantum:
            break
        shares[i] += quantum
        left -= quantum
    if left:  # an amount finer than the quantum: the rest goes to the largest share
        shares[max(range(len(shares)), key=lambda i: (shares[i], -i))] += left
    return [(key, share) for (key, _), share in zip(weights, shares) if share]


def similarity(a: str, b: str) -> int:
    """Characters two names share, counting each character of the shorter once: a rough guide for
    pairing a budget item (基本工资) with its economic 款 (30101 基本工资)."""
    if not a or not b:
        return 0
    short, long_ = sorted((a, b), key=len)
    return sum(1 for ch in set(short) if ch in long_)

"""The figures' arithmetic and text tables every bench prints: milliseconds,
percentiles, big-over-small ratios against an aim (`size_ratios`, `aim_verdict`), and the
plain-text tables (`text_table`, `SizeTable`).

Standard library only: a bench imports this before Django is set up.
"""

from __future__ import annotations

from dataclasses import dataclass

SIZES = ("small", "big")


def milliseconds(seconds: float, digits: int) -> float:
    """Seconds as milliseconds, rounded to `digits` decimals."""
    return round(seconds * 1000, digits)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def ratio(big: float, small: float) -> float | None:
    """Big over small, two decimals; None when either is zero."""
    return round(big / small, 2) if big and small else None


def aim_verdict(result: dict[str, dict], aim: float) -> str:
    """ "aim <= 2x: met by all", or which names missed the aim (each result has
    `aim_met`)."""
    missed = [name for name, r in result.items() if not r["aim_met"]]
    verdict = "met by all" if not missed else f"NOT met by {', '.join(missed)}"
    return f"aim <= {aim:g}x: {verdict}"


def size_ratios(
    summaries: dict[str, dict[str, dict]], fields: dict[str, str], *, measure: str, aim: float
) -> dict[str, dict]:
    """Per name (a page, an endpoint), big over small of each summary field (`fields`: the
    ratio's name -> the field), the queries added, and whether the `measure` ratio is
    within the aim (lower is better)."""
    result = {}
    for name, sizes in summaries.items():
        small, big = sizes["small"], sizes["big"]
        result[name] = {key: ratio(big[field], small[field]) for key, field in fields.items()}
        result[name]["queries_added"] = big["queries"] - small["queries"]
        result[name]["aim_met"] = result[name][measure] is not None and result[name][measure] <= aim
    return result


def text_table(columns: list[tuple[str, int]], rows: list[list], *, left: int = 1) -> str:
    """A plain-text table: the column titles over a rule, then a line per row of cells;
    each column is (title, width), the first `left` ones aligned left, the others right."""

    def line(cells) -> str:
        return "".join(
            f"{cell:{'<' if number < left else '>'}{width}}"
            for number, (cell, (_title, width)) in enumerate(zip(cells, columns, strict=True))
        )

    header = line([title for title, _width in columns])
    return "\n".join([header, "-" * len(header), *(line(row) for row in rows)])


@dataclass(frozen=True)
class SizeTable:
    """A two-size bench's text table: a row per name and size, the `first` column (title,
    width) naming it, then each (title, summary field, width) of `columns`, then the
    `measure` ratio on the big size's row."""

    measure: str
    first: tuple[str, int]
    size_width: int
    columns: list[tuple[str, str, int]]
    ratio_width: int

    def render(self, summaries: dict[str, dict[str, dict]], result: dict[str, dict]) -> str:
        """The table of `summaries` and their ratios (`result`)."""
        title, width = self.first
        columns = [
            (title, width),
            ("size", self.size_width),
            *((heading, wide) for heading, _field, wide in self.columns),
            ("ratio", self.ratio_width),
        ]
        rows = [
            [
                name,
                size,
                *(sizes[size][field] for _heading, field, _wide in self.columns),
                f"{result[name][self.measure]}x" if size == "big" else "",
            ]
            for name, sizes in summaries.items()
            for size in SIZES
        ]
        return text_table(columns, rows, left=2)

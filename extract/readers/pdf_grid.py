"""Table geometry for the PDF reader: cell boxes → a grid, characters → cells and lines."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

BBoxT = tuple[float, float, float, float]
TOLERANCE = 1.5


def cluster(values: list[float], tolerance: float = TOLERANCE) -> list[float]:
    """Sorted distinct coordinates, merging those closer than `tolerance`."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def nearest(points: list[float], value: float) -> int:
    return min(range(len(points)), key=lambda i: abs(points[i] - value))


@dataclass(frozen=True)
class Box:
    key: int
    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: BBoxT | None

    def starts_at(self, row: int) -> bool:
        return self.row == row


class Grid:
    """The finest grid of a table's ruled cells, with the box that owns each slot."""

    def __init__(self, xs: list[float], ys: list[float], boxes: list[Box]) -> None:
        self.xs, self.ys = xs, ys
        self.width, self.height = len(xs) - 1, len(ys) - 1
        self.owner: dict[tuple[int, int], Box] = {}
        for box in boxes:
            for r in range(box.row, box.row + box.rowspan):
                for c in range(box.col, box.col + box.colspan):
                    self.owner[(r, c)] = box
        self.next_key = len(boxes)

    @classmethod
    def from_cells(cls, cells: list[BBoxT], tolerance: float = TOLERANCE) -> Grid:
        xs = cluster([v for x0, _, x1, _ in cells for v in (x0, x1)], tolerance)
        ys = cluster([v for _, top, _, bottom in cells for v in (top, bottom)], tolerance)
        boxes = []
        for key, (x0, top, x1, bottom) in enumerate(cells):
            c0, c1 = nearest(xs, x0), nearest(xs, x1)
            r0, r1 = nearest(ys, top), nearest(ys, bottom)
            if c1 > c0 and r1 > r0:
                boxes.append(Box(key, r0, c0, r1 - r0, c1 - c0, (x0, top, x1, bottom)))
        return cls(xs, ys, boxes)

    def row_boxes(self, r: int) -> list[Box]:
        """The boxes crossing row `r`, left to right, each once; unruled slots get a blank box."""
        out: list[Box] = []
        c = 0
        while c < self.width:
            box = self.owner.get((r, c))
            if box is None:
                box = Box(-1 - c, r, c, 1, 1, None)
            out.append(box)
            c = box.col + box.colspan if box.key >= 0 else c + 1
        return out

    def row_bbox(self, r: int) -> BBoxT:
        return (self.xs[0], self.ys[r], self.xs[-1], self.ys[r + 1])

    def assign(self, chars: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
        """Place every character by its centre into the box that owns that grid slot."""
        owned: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for ch in chars:
            cx = (ch["x0"] + ch["x1"]) / 2
            cy = (ch["top"] + ch["bottom"]) / 2
            r = bisect_right(self.ys, cy) - 1
            c = bisect_right(self.xs, cx) - 1
            if 0 <= r < self.height and 0 <= c < self.width:
                box = self.owner.get((r, c))
                if box is not None:
                    owned[box.key].append(ch)
        return owned


def chars_to_lines(chars: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Group characters into printed lines (top to bottom), spacing words by their gaps."""
    lines: list[list[dict[str, Any]]] = []
    for ch in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if lines and abs(ch["top"] - lines[-1][0]["top"]) <= max(2.0, 0.4 * ch["size"]):
            lines[-1].append(ch)
        else:
            lines.append([ch])
    out = []
    for line in lines:
        line.sort(key=lambda c: c["x0"])
        text = ""
        prev = None
        for ch in line:
            if prev is not None and ch["text"] == prev["text"] and abs(ch["x0"] - prev["x0"]) < 0.5:
                continue  # overprinted duplicate (fake bold)
            if prev is not None and ch["x0"] - prev["x1"] > 0.2 * ch["size"] and not text.endswith(" "):
                text += " "
            text += ch["text"]
            prev = ch
        if text.strip():
            out.append((" ".join(text.split()), [c for c in line if c["text"].strip()]))
    return out

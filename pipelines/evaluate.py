"""Score the current code against hand-checked gold: `make eval`.

reads: gold JSON (`../shared/seeds-gold/*.json`, `../shared/real/gold/*.json`) and the files they
describe; writes: a table per file and per field on stdout (and, with --json, the scores).

Fields scored, each check worth one point:
- requisites: doc_type, number, date (a gold «» number is null);
- count: the number of measures is exactly the gold's;
- per gold measure, aligned with the parsed measures in order by their text: number (trailing dots
  dropped), text (the whole folded text, or its first characters where the gold gives `text_start`),
  deadline (`deadline.raw`), executors (`executors_raw`), both folded; a gold measure with no parsed
  partner fails all four.
Field accuracy is the share of points earned. The gold is never written by this module.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import click

from extract.normalize import fold_spaces
from extract.rules.numbering import split_leading_number

MEASURE_FIELDS = ("number", "text", "deadline", "executors")
REQUISITE_FIELDS = ("doc_type", "number", "date")
FIELDS = ("doc_type", "doc_number", "date", "count", *MEASURE_FIELDS)
DOCUMENT_SUFFIXES = {".txt", ".docx", ".pdf", ".doc", ".rtf", ".odt"}


@dataclass
class Score:
    """Points earned and possible per field, for one file or summed over many."""

    earned: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    possible: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))

    def add(self, name: str, ok: bool) -> None:
        self.possible[name] += 1
        self.earned[name] += int(ok)

    def merge(self, other: Score) -> None:
        for name in FIELDS:
            self.earned[name] += other.earned[name]
            self.possible[name] += other.possible[name]

    def share(self, name: str) -> float | None:
        return self.earned[name] / self.possible[name] if self.possible[name] else None

    @property
    def accuracy(self) -> float:
        possible = sum(self.possible.values())
        return sum(self.earned.values()) / possible if possible else 0.0


def norm_number(value: Any) -> str:
    return re.sub(r"\s+", "", str(value or "")).rstrip(".")


def norm_text(value: Any) -> str:
    return fold_spaces(str(value or ""))


def measure_key(text: str) -> str:
    return split_leading_number(norm_text(text))[1].lower()[:30]


def gold_text(g: dict[str, Any]) -> tuple[str, bool]:
    """The gold measure text and whether it is only a prefix."""
    if "text_start" in g:
        return norm_text(g["text_start"]), True
    return norm_text(g.get("text")), False


def text_matches(parsed: str, expected: str, prefix: bool) -> bool:
    parsed = split_leading_number(norm_text(parsed))[1] if prefix else norm_text(parsed)
    return parsed.startswith(expected) if prefix else parsed == expected


def align(gold: list[dict[str, Any]], parsed: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Pair gold and parsed measures in order, by the start of their texts."""
    keys_gold = [measure_key(gold_text(g)[0]) for g in gold]
    keys_parsed = [measure_key(p["text"]) for p in parsed]
    pairs: dict[int, int] = {}
    matcher = SequenceMatcher(None, keys_gold, keys_parsed, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            pairs[block.a + k] = block.b + k
    # Texts that differ slightly (an OCR slip) still pair when they sit between matched neighbours.
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "replace":
            for k in range(min(a1 - a0, b1 - b0)):
                if SequenceMatcher(None, keys_gold[a0 + k], keys_parsed[b0 + k]).ratio() >= 0.6:
                    pairs[a0 + k] = b0 + k
    return [(g, parsed[pairs[i]] if i in pairs else None) for i, g in enumerate(gold)]


def score_document(gold: dict[str, Any], result: dict[str, Any] | None) -> Score:
    score = Score()
    document = (result or {}).get("document") or {}
    score.add("doc_type", document.get("doc_type") == gold.get("doc_type"))
    score.add("doc_number", (document.get("number") or None) == (gold.get("number") or None))
    score.add("date", document.get("date") == gold.get("date"))
    plan = (result or {}).get("plan") or {}
    parsed = plan.get("measures") or []
    expected = gold.get("measures") or []
    score.add("count", len(parsed) == gold.get("measures_count", len(expected)))
    for g, p in align(expected, parsed):
        text, prefix = gold_text(g)
        score.add("number", p is not None and norm_number(p.get("number")) == norm_number(g.get("number")))
        score.add("text", p is not None and text_matches(p["text"], text, prefix))
        deadline = ((p or {}).get("deadline") or {}).get("raw")
        score.add("deadline", p is not None and norm_text(deadline) == norm_text(g.get("deadline_raw")))
        score.add("executors", p is not None and norm_text(p.get("executors_raw")) == norm_text(g.get("executors_raw")))
    return score


def parse_to_json(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """The output of `roadmap parse` for one file (also when no plan is found), or the error."""
    from pipelines.parse import NoRoadmapFound, parse
    from schemas.errors import RoadmapError

    try:
        result = parse(path)
    except NoRoadmapFound as exc:
        result = exc.result
    except RoadmapError as exc:
        return None, f"{exc.code}: {exc.message}"
    except Exception as exc:  # a bug is scored as a miss and named, the table goes on
        return None, f"bug: {type(exc).__name__}: {exc}"
    return result.model_dump(mode="json"), None


def documents_for(gold_path: Path, gold: dict[str, Any], samples: Path, real: Path, scans: bool) -> list[Path]:
    """The files a gold file describes: the real file itself, or every sample rendering of a seed."""
    if (real / gold["file"]).exists():
        return [real / gold["file"]]
    stem = gold_path.stem
    files = [p for p in sorted(samples.glob(f"{stem}.*")) if p.suffix in DOCUMENT_SUFFIXES]
    return [p for p in files if scans or ".scan." not in p.name and ".mixed." not in p.name]


def cell(value: float | None) -> str:
    return "   –" if value is None else f"{value:4.2f}"


def table(rows: Iterable[tuple[str, Score, str]]) -> str:
    head = f"{'file':48} " + " ".join(f"{name[:9]:>9}" for name in FIELDS) + "  accuracy"
    lines = [head, "-" * len(head)]
    for name, score, note in rows:
        values = " ".join(f"{cell(score.share(f)):>9}" for f in FIELDS)
        lines.append(f"{name[:48]:48} {values}  {score.accuracy:8.2f}{'  ' + note if note else ''}")
    return "\n".join(lines)


@click.command()
@click.option("--seeds-gold", type=click.Path(path_type=Path), default=Path("../shared/seeds-gold"), show_default=True)
@click.option("--real", type=click.Path(path_type=Path), default=Path("../shared/real"), show_default=True)
@click.option("--samples", type=click.Path(path_type=Path), default=Path("samples"), show_default=True)
@click.option("--scans/--no-scans", default=True, show_default=True, help="Also score the scanned renderings of the seeds (slow: OCR).")
@click.option("--json", "json_out", type=click.Path(path_type=Path), help="Write the scores as JSON here.")
def main(seeds_gold: Path, real: Path, samples: Path, scans: bool, json_out: Path | None) -> None:
    """Score parsing against the seed gold and the real-document gold; print a table per file and field."""
    rows: list[tuple[str, Score, str]] = []
    groups: dict[str, Score] = {"seeds": Score(), "real": Score()}
    for group, folder in (("seeds", seeds_gold), ("real", real / "gold")):
        for gold_path in sorted(folder.glob("*.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            for path in documents_for(gold_path, gold, samples, real, scans):
                result, error = parse_to_json(path)
                score = score_document(gold, result)
                groups[group].merge(score)
                rows.append((path.name, score, error or ""))
                print(f"scored {path.name}: {score.accuracy:.2f}", file=sys.stderr)
    total = Score()
    for score in groups.values():
        total.merge(score)
    click.echo(table(rows))
    click.echo()
    click.echo(table([(f"all {name}", score, "") for name, score in groups.items()] + [("all", total, "")]))
    if json_out:
        data = {name: {"accuracy": s.accuracy, "fields": {f: s.share(f) for f in FIELDS}}
                for name, s in [*((r[0], r[1]) for r in rows), *groups.items(), ("all", total)]}
        json_out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

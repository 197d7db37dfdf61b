"""`make bench`: `roadmap compare` on 50 plans, next to pymorphy3 lemmatizing the same words.

The 50 plans are the sample outputs (samples/expected/*.txt.json) made distinct: each copy gets its
own SHA-256 and its measures rotated and partly dropped, so no two plans are the same. Measured: the
whole comparison (categories, metrics, 1,225 pair alignments) and the HTML rendering, in a fresh
process each time (cold caches, navec loaded), against a plain pymorphy3 parse of every word of every
measure with a fresh analyzer (its load included) in the same run.
Targets: under 10 s for 50 plans; ratio to the plain lemmatization reported.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLANS = 50
REPEATS = 3
TARGET_SECONDS = 10.0


def make_plans(folder: Path) -> list[Path]:
    sources = sorted((ROOT / "samples" / "expected").glob("*.txt.json"))
    out = []
    for k in range(PLANS):
        data = json.loads(sources[k % len(sources)].read_text(encoding="utf-8"))
        measures = data["plan"]["measures"]
        shift = k % max(len(measures), 1)
        kept = measures[shift:] + measures[:shift]
        data["plan"]["measures"] = [m for i, m in enumerate(kept) if (i + k) % 7 or len(kept) < 5]
        data["source"]["sha256"] = f"{k:064x}"
        data["document"]["city"] = f"{data['document']['city']} {k}"
        path = folder / f"plan-{k:02d}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        out.append(path)
    return out


COMPARE = """
import sys
from pathlib import Path
from pipelines.compare.build import compare
from pipelines.compare.inputs import read_json
from pipelines.compare.report import render
c = compare([read_json(Path(p)) for p in sys.argv[1:]])
html = render(c)
print(len(c.plans), len(c.measures), sum(len(a.pairs) for a in c.alignments), len(html))
"""

LEMMATIZE = """
import json, re, sys
import pymorphy3, pymorphy3_dicts_ru
morph = pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path())
words = 0
for p in sys.argv[1:]:
    for m in json.load(open(p, encoding="utf-8"))["plan"]["measures"]:
        for w in re.findall(r"[А-Яа-яЁё]+", m["text"]):
            morph.parse(w.lower())[0].normal_form
            words += 1
print(words)
"""


def timed(code: str, files: list[Path]) -> tuple[float, str]:
    times, out = [], ""
    for _ in range(REPEATS):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", code, *map(str, files)], cwd=ROOT, capture_output=True,
                              text=True, check=True)
        times.append(time.perf_counter() - start)
        out = done.stdout.strip()
    return min(times), out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        files = make_plans(Path(tmp))
        ours, shape = timed(COMPARE, files)
        base, words = timed(LEMMATIZE, files)
    plans, measures, pairs, html = shape.split()
    print(f"compare: {plans} plans, {measures} measures, {pairs} aligned pairs, HTML {int(html) // 1024} KiB")
    print(f"  roadmap compare (process, best of {REPEATS}): {ours:.2f} s   target < {TARGET_SECONDS:.0f} s")
    print(f"  pymorphy3 lemmatizing the same {words} words (process): {base:.2f} s")
    print(f"  ratio: {ours / base:.2f}x   {'OK' if ours < TARGET_SECONDS else 'SLOWER THAN TARGET'}")


if __name__ == "__main__":
    main()

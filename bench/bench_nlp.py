"""`make bench`: the whole NLP layer (pipelines.enrich: deadlines, executors, schools, persons,
abbreviations) against natasha's own NER on the same text, on the default path and with --ner.

Throughput in characters per second over the sample documents; the one-time model load apart.
Target: our layer at least half of natasha's raw NER speed, with --ner too.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.readers.text import read_text  # noqa: E402
from extract.rules.period import infer_period  # noqa: E402
from pipelines.assemble import assemble  # noqa: E402
from pipelines.locate import locate_plan  # noqa: E402
from pipelines.requisites import read_front_matter  # noqa: E402

REPEATS = 3
TARGET = 0.5


def prepared() -> list[tuple[object, object, list[str]]]:
    """Assembled plans of every text sample, and the texts the NLP layer reads."""
    out = []
    for path in sorted((ROOT / "samples").glob("*.txt")):
        doc = read_text(path.read_bytes())
        located = locate_plan(doc)
        front = read_front_matter(doc, located.tables[0] if located else None)
        plan, _ = assemble(located)
        if plan is not None:
            plan = plan.model_copy(update={"period": infer_period(front.plan_title, front.requisites.title)})
        texts = front.body + [t for m in (plan.measures if plan else []) for t in
                              (m.text, m.executors_raw, m.note, m.expected_result, m.deadline.raw if m.deadline else None) if t]
        out.append((plan, front, texts))
    return out


def best(fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    from extract.nlp import natasha_models, natasha_spans, pipeline
    from pipelines.enrich import enrich

    docs = prepared()
    chars = sum(len(t) for _, _, texts in docs for t in texts)
    start = time.perf_counter()
    natasha_models()
    natasha_load = time.perf_counter() - start
    start = time.perf_counter()
    pipeline(ner=True)
    ours_load = time.perf_counter() - start
    raw = best(lambda: [natasha_spans(t) for _, _, texts in docs for t in texts])
    lemma_cache = pipeline(ner=True).get_pipe("lemmatizer")._morph.parse

    def layer(ner: bool) -> None:
        lemma_cache.cache_clear()  # each run starts with an empty lemma cache
        for plan, front, _ in docs:
            enrich(plan, front, ner)  # type: ignore[arg-type]

    default, with_ner = best(lambda: layer(False)), best(lambda: layer(True))
    print(f"NLP: {len(docs)} documents, {chars} characters, best of {REPEATS}")
    print(f"  model load: natasha NER {natasha_load:.2f} s; our pipeline on top {ours_load:.2f} s")
    print(f"  natasha NER alone:              {chars / raw:9.0f} chars/s")
    print(f"  roadmap NLP layer (default):    {chars / default:9.0f} chars/s")
    print(f"  roadmap NLP layer (--ner):      {chars / with_ner:9.0f} chars/s")
    for name, ours in (("default", default), ("--ner", with_ner)):
        ratio = raw / ours
        print(f"  speed ours ({name}) / natasha: {ratio:6.2f}   (target >= {TARGET}: {'met' if ratio >= TARGET else 'MISSED'})")


if __name__ == "__main__":
    main()

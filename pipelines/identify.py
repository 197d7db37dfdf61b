"""Identity (schema 1.1): ids that other systems can keep across runs and machines.

reads: the enriched plan and the document's SHA-256; writes: `measure.id` (the SHA-256 prefix and
the measure's position in plan order) and `measure.key` (unique within the plan: section path and
number). Sections get their ids in assemble, schools and persons in their registries (enrich).
"""

from __future__ import annotations

from collections import Counter

from schemas.roadmap import Plan

ID_PREFIX = 16  # hex digits of the SHA-256: 64 bits, no collision across any real archive


def measure_id(sha256: str, position: int) -> str:
    return f"{sha256[:ID_PREFIX]}:m{position}"


def measure_keys(plan: Plan) -> list[str]:
    """«II/3»: the section's number (its id when unnumbered) and the measure's number (its place in
    the section when unnumbered); a number printed twice in one section gets «~2», «~3»."""
    labels = {s.id: s.number or s.id for s in plan.sections}
    keys, seen, place = [], Counter[str](), Counter[str]()
    for measure in plan.measures:
        section = labels.get(measure.section_id) if measure.section_id else None
        place[section or ""] += 1
        key = "/".join(filter(None, [section, measure.number or f"#{place[section or '']}"]))
        seen[key] += 1
        keys.append(key if seen[key] == 1 else f"{key}~{seen[key]}")
    return keys


def identify(plan: Plan | None, sha256: str) -> Plan | None:
    if plan is None:
        return None
    measures = [m.model_copy(update={"id": measure_id(sha256, i), "key": key})
                for i, (m, key) in enumerate(zip(plan.measures, measure_keys(plan)), 1)]
    return plan.model_copy(update={"measures": measures})

"""Who the document names: persons with the roles it gives them (signatory, executor)."""

from __future__ import annotations

from schemas.roadmap import Person, Plan, Requisites

EXECUTOR_ROLE = "ответственный исполнитель"


def persons_of(req: Requisites, plan: Plan | None) -> list[Person]:
    roles: dict[str, list[str]] = {}

    def add(name: str | None, role: str | None) -> None:
        if not name:
            return
        entry = roles.setdefault(name, [])
        if role and role not in entry:
            entry.append(role)

    for signatory in req.signatories:
        add(signatory.name, signatory.position)
    for stamp in req.stamps:
        add(stamp.name, stamp.position)
    for measure in plan.measures if plan else []:
        for executor in measure.executors:
            if executor.kind == "person":
                add(executor.name, executor.position or EXECUTOR_ROLE)
    return [Person(name=name, roles=r) for name, r in roles.items()]

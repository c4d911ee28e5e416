"""Amendments to a text by eId, conflict detection, and consolidation.

Every amendment of a set names its target by the eId it has in the version being amended,
and :func:`consolidate` applies the whole set at once: a renumbering in one amendment never
changes what another amendment points at. Before applying anything it asks
:func:`conflicts`, and raises :class:`ConflictError` if two amendments are incompatible;
conflicting amendments are never merged silently. Identical amendments (the same change
proposed twice, even by different authors) are one amendment.

Repealing keeps the provision as a marker by default ("3. Исключен.", "5-бап. Алып
тасталды."), as Kazakhstan's consolidated texts do, so later provisions keep their numbers
and references to them stay valid; ``Repeal(..., keep=False)`` removes it instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from kurultai.legislation.authoring import repeal_note
from kurultai.legislation.text import (
    HEADED,
    KIND_OF_PREFIX,
    RANK,
    Document,
    DuplicateEid,
    JsonDict,
    Kind,
    Provision,
    ProvisionNotFound,
    TextError,
    child_eids,
    eid_segment,
    join_eid,
    provision_from_dict,
    provision_to_dict,
)

__all__ = [
    "Amendment",
    "AmendmentError",
    "Conflict",
    "ConflictError",
    "Insert",
    "Position",
    "ProvisionNotFound",
    "Renumber",
    "Repeal",
    "Replace",
    "amendment_from_dict",
    "amendment_to_dict",
    "apply",
    "conflicts",
    "consolidate",
]


class Position(StrEnum):
    BEFORE = "before"
    AFTER = "after"
    APPEND = "append"  # as the last child of the target


@dataclass(frozen=True)
class Insert:
    """Insert a new provision before or after the target, or as its last child."""

    target: str
    provision: Provision
    position: Position = Position.AFTER
    ref: str = ""  # the amendment's label in the amendment table, for messages

    def __post_init__(self) -> None:
        if not isinstance(self.position, Position):
            object.__setattr__(self, "position", Position(self.position))


@dataclass(frozen=True)
class Replace:
    """New heading and/or content for the target, or (``provision``) a new wording of its whole subtree."""

    target: str
    heading: str | None = None
    content: str | None = None
    provision: Provision | None = None
    ref: str = ""

    def __post_init__(self) -> None:
        if self.provision is not None and (self.heading is not None or self.content is not None):
            raise ValueError("Replace either the whole provision or its heading/content, not both.")
        if self.provision is None and self.heading is None and self.content is None:
            raise ValueError("A replacement needs a new heading, new content or a new provision.")

    @property
    def whole(self) -> bool:
        return self.provision is not None


@dataclass(frozen=True)
class Repeal:
    """Repeal the target: keep it as a marker with ``note`` (default), or remove it (``keep=False``)."""

    target: str
    note: str = ""  # e.g. "Исключен Законом РК от 05.07.2026 № 12-VIII"; default "Исключен."
    keep: bool = True
    ref: str = ""


@dataclass(frozen=True)
class Renumber:
    target: str
    num: str
    ref: str = ""


Amendment = Insert | Replace | Repeal | Renumber


class AmendmentError(ValueError):
    """An amendment cannot be applied; ``code`` is stable for the API."""

    def __init__(self, message: str, *, code: str = "invalid_amendment", eid: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.eid = eid


@dataclass(frozen=True)
class Conflict:
    """Two amendments that cannot both be applied."""

    eid: str  # the provision they disagree about
    first: Amendment
    second: Amendment
    reason: str
    code: str

    def __str__(self) -> str:
        return self.reason


class ConflictError(AmendmentError):
    def __init__(self, found: list[Conflict]) -> None:
        super().__init__(
            f"{len(found)} conflict(s) between amendments; the first: {found[0].reason}", code="amendment_conflict"
        )
        self.conflicts = found


# -- conflicts -----------------------------------------------------------------------------


def _label(a: Amendment) -> str:
    name = type(a).__name__.lower()
    return f"{name} {a.ref}" if a.ref else f"{name} of {a.target}"


def _parent_eid(eid: str) -> str:
    return eid.rsplit("__", 1)[0] if "__" in eid else ""


def _kind_of(eid: str) -> Kind | None:
    return KIND_OF_PREFIX.get(eid.rsplit("__", 1)[-1].partition("_")[0])


def _payload(a: Amendment) -> Amendment:
    """The amendment without its label: what it does, not who proposed it."""
    return replace(a, ref="") if a.ref else a


def _distinct(amendments: Sequence[Amendment]) -> list[Amendment]:
    """The amendments with repeats of the same change (even under other labels) dropped."""
    seen: set[Amendment] = set()
    result = []
    for a in amendments:
        key = _payload(a)
        if key not in seen:
            seen.add(key)
            result.append(a)
    return result


def _result_eid(a: Amendment) -> str | None:
    """The eId an insertion or a renumbering creates (None for the other operations)."""
    if isinstance(a, Insert):
        parent = a.target if a.position is Position.APPEND else _parent_eid(a.target)
        return join_eid(parent, eid_segment(a.provision.kind, a.provision.num))
    if isinstance(a, Renumber):
        kind = _kind_of(a.target)
        return join_eid(_parent_eid(a.target), eid_segment(kind, a.num)) if kind is not None else None
    return None


def _drops_subtree(a: Amendment) -> bool:
    return isinstance(a, Repeal) or (isinstance(a, Replace) and a.whole)


def _pair_conflict(a: Amendment, b: Amendment) -> tuple[str, str] | None:
    """Why two amendments of the same target cannot both apply, or None if they can."""
    if _payload(a) == _payload(b):
        return None
    if isinstance(b, Insert) and not isinstance(a, Insert):
        a, b = b, a
    if isinstance(a, Insert):
        if isinstance(b, Repeal):
            return "insert_next_to_repealed", f"{_label(a)} inserts next to a provision that {_label(b)} repeals"
        if isinstance(b, Replace) and b.whole and a.position is Position.APPEND:
            return "insert_into_replaced", f"{_label(a)} adds to a provision that {_label(b)} rewrites entirely"
        return None
    if isinstance(a, Replace) and isinstance(b, Replace):
        return "different_replacements", f"{_label(a)} and {_label(b)} give the provision different wordings"
    if isinstance(a, Repeal) and isinstance(b, Repeal):
        return "different_repeals", f"{_label(a)} and {_label(b)} repeal the provision differently"
    if isinstance(a, Renumber) and isinstance(b, Renumber):
        return "different_numbers", f"{_label(a)} and {_label(b)} give the provision different numbers"
    kinds = {type(a), type(b)}
    if Repeal in kinds:
        return "repealed_and_changed", f"{_label(a)} and {_label(b)}: a repealed provision cannot also be changed"
    if Replace in kinds and Renumber in kinds:
        replace_op = a if isinstance(a, Replace) else b
        if isinstance(replace_op, Replace) and replace_op.whole:
            return "replaced_and_renumbered", f"{_label(a)} and {_label(b)} both set the provision's number"
    return None


def conflicts(amendments: Sequence[Amendment]) -> list[Conflict]:
    """Every pair of amendments that cannot both be applied, in the order they were given.

    Conflicts: two different wordings of one provision; a repeal with any other change of
    the same provision; an insertion next to (or into) a provision another amendment
    repeals; any change inside a provision another amendment repeals or rewrites entirely;
    two insertions or renumberings that would create the same eId.
    """
    unique = _distinct(amendments)
    found: list[Conflict] = []
    by_target: dict[str, list[Amendment]] = defaultdict(list)
    for a in unique:
        by_target[a.target].append(a)
    for eid, group in by_target.items():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                why = _pair_conflict(a, b)
                if why is not None:
                    found.append(Conflict(eid, a, b, why[1], why[0]))
    dropping = {a.target: a for a in unique if _drops_subtree(a)}
    if dropping:
        for b in unique:
            # The target's ancestors (not itself), innermost first.
            eid = b.target
            while "__" in eid:
                eid = eid.rsplit("__", 1)[0]
                outer = dropping.get(eid)
                if outer is not None:
                    found.append(
                        Conflict(
                            b.target,
                            outer,
                            b,
                            f"{_label(b)} changes a provision inside {eid}, which {_label(outer)} "
                            + ("repeals" if isinstance(outer, Repeal) else "rewrites entirely"),
                            "inside_replaced",
                        )
                    )
                    break
    created: dict[str, Amendment] = {}
    for a in unique:
        new_eid = _result_eid(a)
        if new_eid is None:
            continue
        if new_eid in created:
            other = created[new_eid]
            reason = f"{_label(other)} and {_label(a)} both create {new_eid}"
            found.append(Conflict(new_eid, other, a, reason, "same_new_eid"))
        else:
            created[new_eid] = a
    order = {a: i for i, a in enumerate(unique)}
    found.sort(key=lambda c: (order[c.first], order[c.second]))
    return found


# -- consolidation -------------------------------------------------------------------------


def _check_nesting(a: Amendment, target: Provision) -> None:
    if isinstance(a, Insert):
        new = a.provision
        if a.position is Position.APPEND:
            ok = RANK[new.kind] > RANK[target.kind] or (new.kind is target.kind is Kind.POINT)
            where = "inside"
        else:
            ok = new.kind is target.kind
            where = "beside"
        if not ok:
            raise AmendmentError(
                f"A {new.kind.value} cannot be inserted {where} a {target.kind.value} ({a.target}).",
                code="bad_nesting",
                eid=a.target,
            )
    elif isinstance(a, Replace) and a.provision is not None:
        if a.provision.kind is not target.kind:
            raise AmendmentError(
                f"{a.target} is a {target.kind.value}; a {a.provision.kind.value} cannot replace it.",
                code="bad_nesting",
                eid=a.target,
            )
        if a.provision.num and a.provision.num != target.num:
            raise AmendmentError(
                f"The new wording of {a.target} has another number; renumber it with a separate amendment.",
                code="number_mismatch",
                eid=a.target,
            )


def _apply_own(node: Provision, ops: Sequence[Amendment], language: str) -> Provision | None:
    for op in ops:
        if isinstance(op, Replace):
            if op.provision is not None:
                node = replace(op.provision, num=node.num)
            else:
                node = replace(
                    node,
                    heading=node.heading if op.heading is None else op.heading,
                    content=node.content if op.content is None else op.content,
                )
        elif isinstance(op, Repeal):
            if not op.keep:
                return None
            note = op.note or repeal_note(node.kind, language)
            headed = node.kind in HEADED
            node = Provision(
                kind=node.kind,
                num=node.num,
                heading=note if headed else "",
                content="" if headed else note,
                repealed=True,
            )
        elif isinstance(op, Renumber):
            node = replace(node, num=op.num)
    return node


def consolidate(document: Document, amendments: Sequence[Amendment]) -> Document:
    """The text with every amendment applied.

    Raises :class:`ConflictError` when amendments conflict, :class:`ProvisionNotFound` when
    one targets an eId the document does not have, and :class:`AmendmentError` when the
    result would be malformed (a provision inserted at the wrong level, two provisions with
    one number).
    """
    if not amendments:
        return document
    found = conflicts(amendments)
    if found:
        raise ConflictError(found)
    unique = _distinct(amendments)
    index = document.index
    by_target: dict[str, list[Amendment]] = defaultdict(list)
    for a in unique:
        located = index.get(a.target)
        if located is None:
            raise ProvisionNotFound(a.target)
        _check_nesting(a, located.provision)
        by_target[a.target].append(a)
    # Only the subtrees with a target at or below their root are rebuilt.
    inner: set[str] = set()  # eIds with a target strictly below them
    for eid in by_target:
        eid = _parent_eid(eid)
        while eid and eid not in inner:
            inner.add(eid)
            eid = _parent_eid(eid)
    touched = inner | by_target.keys()
    language = document.language

    def rebuild(children: Sequence[Provision], parent_eid: str) -> tuple[Provision, ...]:
        out: list[Provision] = []
        changed = False
        for child, eid in zip(children, child_eids(parent_eid, children), strict=True):
            if eid not in touched:
                out.append(child)
                continue
            ops = by_target.get(eid, [])
            inserts = [op for op in ops if isinstance(op, Insert)]
            own = [op for op in ops if not isinstance(op, Insert)]
            out.extend(op.provision for op in inserts if op.position is Position.BEFORE)
            rebuilt = replace(child, children=rebuild(child.children, eid)) if eid in inner else child
            node = _apply_own(rebuilt, own, language)
            appended = tuple(op.provision for op in inserts if op.position is Position.APPEND)
            if node is not None:
                if appended:
                    node = replace(node, children=node.children + appended)
                out.append(node)
            out.extend(op.provision for op in inserts if op.position is Position.AFTER)
            changed = changed or bool(ops)
        if changed:
            eids = child_eids(parent_eid, out)
            if len(set(eids)) != len(eids):
                duplicate = next(e for e in eids if eids.count(e) > 1)
                raise AmendmentError(
                    f"The amendments would create a second provision {duplicate}.", code="duplicate_eid", eid=duplicate
                )
        return tuple(out)

    result = replace(document, body=rebuild(document.body, ""))
    try:
        result.check()
    except DuplicateEid as exc:
        raise AmendmentError(str(exc), code="duplicate_eid", eid=exc.eid) from None
    return result


def apply(document: Document, amendment: Amendment) -> Document:
    """One amendment applied on its own."""
    return consolidate(document, [amendment])


# -- plain data (JSON) ---------------------------------------------------------------------

_OPS: dict[type, str] = {Insert: "insert", Replace: "replace", Repeal: "repeal", Renumber: "renumber"}


def amendment_to_dict(a: Amendment) -> JsonDict:
    """A JSON-ready dict: ``{"op": "replace", "target": "art_5__para_1", "content": "..."}``."""
    d: JsonDict = {"op": _OPS[type(a)], "target": a.target}
    if isinstance(a, Insert):
        d["position"] = a.position.value
        d["provision"] = provision_to_dict(a.provision)
    elif isinstance(a, Replace):
        if a.provision is not None:
            d["provision"] = provision_to_dict(a.provision)
        if a.heading is not None:
            d["heading"] = a.heading
        if a.content is not None:
            d["content"] = a.content
    elif isinstance(a, Repeal):
        if a.note:
            d["note"] = a.note
        if not a.keep:
            d["keep"] = False
    else:
        d["num"] = a.num
    if a.ref:
        d["ref"] = a.ref
    return d


def _opt_str(d: dict[str, object], key: str) -> str | None:
    value = d.get(key)
    if value is not None and not isinstance(value, str):
        raise AmendmentError(f"{key!r} must be a string.")
    return value


def amendment_from_dict(d: object) -> Amendment:
    """The inverse of :func:`amendment_to_dict`; raises :class:`AmendmentError` on malformed data."""
    if not isinstance(d, dict):
        raise AmendmentError("An amendment must be an object.")
    op, target, ref = d.get("op"), _opt_str(d, "target"), _opt_str(d, "ref") or ""
    if not target:
        raise AmendmentError("An amendment needs a target eId.")
    try:
        if op == "insert":
            position = _opt_str(d, "position") or Position.AFTER.value
            if position not in {p.value for p in Position}:
                raise AmendmentError(f"Unknown position {position!r}; use before, after or append.")
            return Insert(target, provision_from_dict(d.get("provision")), Position(position), ref)
        if op == "replace":
            whole = d.get("provision")
            provision = provision_from_dict(whole) if whole is not None else None
            return Replace(target, _opt_str(d, "heading"), _opt_str(d, "content"), provision, ref)
        if op == "repeal":
            keep = d.get("keep", True)
            if not isinstance(keep, bool):
                raise AmendmentError("'keep' must be true or false.")
            return Repeal(target, _opt_str(d, "note") or "", keep, ref)
        if op == "renumber":
            num = _opt_str(d, "num")
            if not num:
                raise AmendmentError("A renumbering needs the new number.")
            return Renumber(target, num, ref)
    except TextError as exc:
        raise AmendmentError(str(exc)) from None
    except ValueError as exc:
        if isinstance(exc, AmendmentError):
            raise
        raise AmendmentError(str(exc)) from None
    raise AmendmentError(f"Unknown amendment operation {op!r}; use insert, replace, repeal or renumber.")

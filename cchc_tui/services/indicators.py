"""Indicators (chỉ tiêu): targets of a directive or of a whole notice, and
their measurements — append-only like updates; a mistaken measurement is
retracted by a new record that says so. The pure rules (comparisons,
values, met) are in ``cchc_tui.domain.indicators``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cchc_tui.domain.dates import format_date, iso
from cchc_tui.domain.errors import NotFoundError, ValidationError
from cchc_tui.domain.indicators import (
    COMPARISON_SIGNS,
    COMPARISONS,
    EPSILON,
    TREND_SYMBOLS,
    format_number,
    is_met,
    parse_comparison,
    parse_value,
    target_text,
)
from cchc_tui.domain.text import clean
from cchc_tui.services.agencies import find_agency
from cchc_tui.services.edits import record_edit
from cchc_tui.services.settings import user_name
from cchc_tui.store.database import Store, now_text
from cchc_tui.store.rows import insert_row


@dataclass
class Measurement:
    """One measurement as listed (retractions included, marked)."""

    id: int
    indicator_id: int
    measured_on: date
    period: str
    value: float
    agency: str
    source: str
    recorded_by: str
    recorded_at: str
    retracts_id: int | None
    retracted_by: int | None

    @property
    def effective(self) -> bool:
        return self.retracts_id is None and self.retracted_by is None

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "indicator_id": self.indicator_id,
            "date": iso(self.measured_on),
            "period": self.period,
            "value": self.value,
            "agency": self.agency or None,
            "source": self.source,
            "by": self.recorded_by,
            "recorded_at": self.recorded_at,
            "retracts": self.retracts_id,
            "retracted_by": self.retracted_by,
        }


@dataclass
class IndicatorRow:
    """An indicator with its latest value against the target and its trend."""

    id: int
    notice_id: int | None
    directive_id: int | None
    directive_number: int | None
    agency_id: int | None
    agency: str
    name: str
    unit: str
    comparison: str
    target: float
    source_phrase: str
    latest: Measurement | None
    previous: Measurement | None
    measurement_count: int
    version: int

    @property
    def latest_value(self) -> float | None:
        return self.latest.value if self.latest else None

    @property
    def latest_date(self) -> date | None:
        return self.latest.measured_on if self.latest else None

    @property
    def met(self) -> bool | None:
        return is_met(self.latest_value, self.comparison, self.target)

    @property
    def comparison_sign(self) -> str:
        return COMPARISON_SIGNS[self.comparison]

    @property
    def target_text(self) -> str:
        return target_text(self.comparison, self.target, self.unit)

    @property
    def trend(self) -> str | None:
        """'up', 'down' or 'flat' from the previous measurement; None with
        fewer than two."""
        if not (self.latest and self.previous):
            return None
        delta = self.latest.value - self.previous.value
        if abs(delta) <= EPSILON:
            return "flat"
        return "up" if delta > 0 else "down"

    @property
    def improving(self) -> bool | None:
        """Whether the trend goes toward the target."""
        if self.latest is None or self.previous is None:
            return None  # no trend
        if self.trend == "flat":
            return False
        if self.comparison in (">", ">="):
            return self.trend == "up"
        if self.comparison in ("<", "<="):
            return self.trend == "down"
        return abs(self.latest.value - self.target) < abs(self.previous.value - self.target)

    @property
    def met_label(self) -> str:
        return {True: "Đạt", False: "Chưa đạt", None: "Chưa có số liệu"}[self.met]

    @property
    def latest_text(self) -> str:
        if not self.latest:
            return "—"
        return f"{format_number(self.latest.value)}{self.unit} ({format_date(self.latest.measured_on)})"

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "notice_id": self.notice_id,
            "directive_id": self.directive_id,
            "directive_number": self.directive_number,
            "agency_id": self.agency_id,
            "agency": self.agency or None,
            "name": self.name,
            "unit": self.unit,
            "comparison": self.comparison,
            "comparison_sign": self.comparison_sign,
            "target": self.target,
            "target_text": self.target_text,
            "source_phrase": self.source_phrase,
            "latest_value": self.latest_value,
            "latest_date": iso(self.latest_date),
            "latest_agency": (self.latest.agency or None) if self.latest else None,
            "latest_source": self.latest.source if self.latest else None,
            "met": self.met,
            "trend": self.trend,
            "measurement_count": self.measurement_count,
            "version": self.version,
        }


_MEASUREMENTS_SQL = """
    SELECT m.*, ag.name AS agency_name,
           (SELECT r.id FROM measurements r WHERE r.retracts_id = m.id) AS retracted_by
    FROM measurements m LEFT JOIN agencies ag ON ag.id = m.agency_id
"""


def _measurement(r: dict) -> Measurement:
    return Measurement(
        id=r["id"],
        indicator_id=r["indicator_id"],
        measured_on=date.fromisoformat(r["measured_on"]),  # NOT NULL
        period=r["period"],
        value=r["value"],
        agency=r["agency_name"] or "",
        source=r["source"],
        recorded_by=r["recorded_by"],
        recorded_at=r["recorded_at"],
        retracts_id=r["retracts_id"],
        retracted_by=r["retracted_by"],
    )


def measurements_of(store: Store, indicator_id: int) -> list[Measurement]:
    """Every measurement of an indicator, retractions included, newest first."""
    rows = store.rows(
        _MEASUREMENTS_SQL + " WHERE m.indicator_id = ? ORDER BY m.measured_on DESC, m.id DESC",
        [indicator_id],
    )
    return [_measurement(r) for r in rows]


def list_indicators(
    store: Store,
    *,
    agency_id: int | None = None,
    directive_id: int | None = None,
    notice_id: int | None = None,
    include_archived: bool = False,
    as_of: date | None = None,
) -> list[IndicatorRow]:
    """Indicators with their latest value, by notice, directive number, id.
    ``agency_id`` keeps those of that agency: its own, those of directives it
    takes part in, and those it has measured. ``as_of``: only measurements
    taken on or before that day count (retractions always apply)."""
    clauses, params = [], []
    if not include_archived:
        clauses.append("i.archived = 0")
    if directive_id is not None:
        clauses.append("i.directive_id = ?")
        params.append(directive_id)
    if notice_id is not None:
        clauses.append("i.notice_id = ?")
        params.append(notice_id)
    if agency_id is not None:
        clauses.append(
            "(i.agency_id = ? OR (i.agency_id IS NULL AND EXISTS (SELECT 1 FROM assignments a "
            "WHERE a.directive_id = i.directive_id AND a.agency_id = ? AND a.removed = 0 AND a.role <> 'member')) "
            "OR EXISTS (SELECT 1 FROM measurements m WHERE m.indicator_id = i.id AND m.agency_id = ?))"
        )
        params += [agency_id] * 3
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = store.rows(
        "SELECT i.*, d.number AS directive_number, ag.name AS agency_name FROM indicators i "
        "LEFT JOIN directives d ON d.id = i.directive_id "
        "LEFT JOIN agencies ag ON ag.id = i.agency_id"
        + where
        + " ORDER BY i.notice_id, d.number IS NULL, d.number, i.id",
        params,
    )
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    effective: dict[int, list[Measurement]] = {}
    until = " AND m.measured_on <= ?" if as_of is not None else ""
    for m in store.rows(
        _MEASUREMENTS_SQL
        + f" WHERE m.indicator_id IN ({','.join('?' * len(ids))}) AND m.retracts_id IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM measurements r WHERE r.retracts_id = m.id)"
        + until
        + " ORDER BY m.measured_on DESC, m.id DESC",
        ids + ([as_of.isoformat()] if as_of is not None else []),
    ):
        effective.setdefault(m["indicator_id"], []).append(_measurement(m))
    result = []
    for r in rows:
        found = effective.get(r["id"], [])
        result.append(
            IndicatorRow(
                id=r["id"],
                notice_id=r["notice_id"],
                directive_id=r["directive_id"],
                directive_number=r["directive_number"],
                agency_id=r["agency_id"],
                agency=r["agency_name"] or "",
                name=r["name"],
                unit=r["unit"],
                comparison=r["comparison"],
                target=r["target"],
                source_phrase=r["source_phrase"],
                latest=found[0] if found else None,
                previous=found[1] if len(found) > 1 else None,
                measurement_count=len(found),
                version=r["version"],
            )
        )
    return result


def get_indicator(store: Store, indicator_id: int) -> IndicatorRow:
    """One indicator (archived or not); NotFoundError if absent."""
    for row in list_indicators(store, include_archived=True):
        if row.id == indicator_id:
            return row
    raise NotFoundError(
        f"Không có chỉ tiêu số {indicator_id}. Xem danh sách bằng lệnh 'cchc-tui indicator list'.",
        "id",
    )


def record_measurement(
    store: Store,
    indicator_id: int,
    *,
    value,
    today: date,
    on: date | None = None,
    period: str = "",
    agency: str | int | None = None,
    source: str = "",
    by: str | None = None,
    origin_key: str | None = None,
) -> int:
    """Append one measurement (validated; nothing written on error) and
    return its id. ``agency`` is a name, alias or id, or None."""
    number = parse_value(value)
    on = on or today
    if on > today:
        raise ValidationError(
            f"Ngày đo {format_date(on)} ở sau ngày hôm nay ({format_date(today)}).", "date"
        )
    with store.transaction() as db:
        indicator = store.row("SELECT * FROM indicators WHERE id = ?", [indicator_id])
        if not indicator:
            raise NotFoundError(
                f"Không có chỉ tiêu số {indicator_id}. Xem danh sách bằng lệnh "
                "'cchc-tui indicator list'.",
                "id",
            )
        if indicator["archived"]:
            raise ValidationError(f"Chỉ tiêu số {indicator_id} đã lưu trữ.", "id")
        if indicator["unit"].strip() == "%" and not 0 <= number <= 100:
            raise ValidationError(
                f"Giá trị {format_number(number)}% không hợp lệ: tỷ lệ phải từ 0 đến 100.", "value"
            )
        agency_id = None
        if isinstance(agency, int):
            if not store.value("SELECT 1 FROM agencies WHERE id = ?", [agency]):
                raise NotFoundError(f"Không có cơ quan số {agency}.", "agency")
            agency_id = agency
        elif agency is not None and str(agency).strip():
            agency_id = find_agency(store, str(agency))["id"]
        measurement_id = insert_row(
            db,
            "measurements",
            {
                "indicator_id": indicator_id,
                "measured_on": iso(on),
                "period": clean(period or ""),
                "value": number,
                "agency_id": agency_id,
                "source": clean(source or ""),
                "recorded_by": user_name(store, by),
                "recorded_at": now_text(),
                "origin_key": origin_key,
            },
        )
    return measurement_id


def retract_measurement(
    store: Store, measurement_id: int, note: str, *, today: date, by: str | None = None
) -> int:
    """Retract a mistaken measurement by a new record (the original stays)."""
    note = clean(note or "")
    if not note:
        raise ValidationError("Rút lại số liệu cần ghi lý do.", "note")
    with store.transaction() as db:
        target = store.row("SELECT * FROM measurements WHERE id = ?", [measurement_id])
        if not target:
            raise NotFoundError(f"Không có số liệu đo số {measurement_id}.", "measurement_id")
        if target["retracts_id"] is not None:
            raise ValidationError(
                f"Số liệu số {measurement_id} là một lần rút lại; không rút lại được nữa.",
                "measurement_id",
            )
        if store.value("SELECT id FROM measurements WHERE retracts_id = ?", [measurement_id]):
            raise ValidationError(
                f"Số liệu số {measurement_id} đã được rút lại trước đó.", "measurement_id"
            )
        return insert_row(
            db,
            "measurements",
            {
                "indicator_id": target["indicator_id"],
                "measured_on": today.isoformat(),
                "period": target["period"],
                "value": target["value"],
                "agency_id": target["agency_id"],
                "source": f"Rút lại: {note}",
                "recorded_by": user_name(store, by),
                "recorded_at": now_text(),
                "retracts_id": measurement_id,
            },
        )


def create_indicator(
    store: Store,
    *,
    name: str,
    comparison: str,
    target,
    unit: str = "",
    directive_id: int | None = None,
    notice_id: int | None = None,
    agency: str | int | None = None,
    source_phrase: str = "",
    by: str | None = None,
) -> int:
    """A new indicator of a directive (or of a whole notice); recorded in
    the edits log. Returns its id."""
    name = clean(name or "")
    if not name:
        raise ValidationError("Tên chỉ tiêu không được để trống.", "indicator_name")
    comparison = parse_comparison(comparison)
    target_value = parse_value(target, "target")
    unit = clean(unit or "")
    if unit == "%" and not 0 <= target_value <= 100:
        raise ValidationError("Mục tiêu tính theo % phải từ 0 đến 100.", "target")
    with store.transaction() as db:
        if directive_id is not None:
            directive = store.row("SELECT notice_id FROM directives WHERE id = ?", [directive_id])
            if directive is None:
                raise NotFoundError(f"Không có nhiệm vụ số {directive_id}.", "directive")
            if notice_id is not None and notice_id != directive["notice_id"]:
                raise ValidationError(
                    f"Nhiệm vụ {directive_id} không thuộc văn bản số {notice_id}.", "notice"
                )
            notice_id = directive["notice_id"]
        elif notice_id is None:
            raise ValidationError(
                "Chỉ tiêu thuộc một nhiệm vụ (--directive) hoặc cả văn bản (--notice).", "directive"
            )
        elif not store.value("SELECT 1 FROM notices WHERE id = ?", [notice_id]):
            raise NotFoundError(f"Không có văn bản số {notice_id}.", "notice")
        agency_id = None
        if isinstance(agency, int):
            agency_id = agency
        elif agency is not None and str(agency).strip():
            agency_id = find_agency(store, str(agency))["id"]
        who = user_name(store, by)
        stamp = now_text()
        indicator_id = insert_row(
            db,
            "indicators",
            {
                "notice_id": notice_id,
                "directive_id": directive_id,
                "agency_id": agency_id,
                "name": name,
                "unit": unit,
                "comparison": comparison,
                "target": target_value,
                "source_phrase": clean(source_phrase or ""),
                "created_at": stamp,
                "updated_at": stamp,
                "updated_by": who,
            },
        )
        record_edit(
            db,
            "indicator",
            indicator_id,
            "create",
            "",
            None,
            f"{name}: {target_text(comparison, target_value, unit)}",
            who,
            at=stamp,
        )
    return indicator_id


__all__ = [
    "COMPARISONS",
    "COMPARISON_SIGNS",
    "TREND_SYMBOLS",
    "IndicatorRow",
    "Measurement",
    "create_indicator",
    "format_number",
    "get_indicator",
    "is_met",
    "list_indicators",
    "measurements_of",
    "parse_comparison",
    "parse_value",
    "record_measurement",
    "retract_measurement",
    "target_text",
]

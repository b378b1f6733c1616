"""Progress forms sent to an agency (phiếu báo cáo tiến độ): what goes in
one, and the sealed identity that lets the secretariat read it back safely.

A form carries this database's identity, the agency, the rows and the
versions they were made from; an HMAC over all of it, keyed with the
database's secret, shows that none of it was changed. The workbook layout
lives in ``cchc_tui.reports.form_xlsx``; reading forms back in
``cchc_tui.services.form_import``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass, field
from datetime import date

from cchc_tui.domain.dates import format_date, from_iso
from cchc_tui.domain.errors import DatabaseError
from cchc_tui.domain.status import (
    STATUS_LABELS,
    Status,
    state_label,
    timeliness,
)
from cchc_tui.services.agencies import find_agency, get_agency
from cchc_tui.services.indicators import format_number, list_indicators
from cchc_tui.services.settings import due_soon_days, get_settings, user_name
from cchc_tui.store.database import Store, now_text

FORM_FORMAT = "cchc-tui-form-2"
"""Rows carry their unit's version (a lead's or member's own assignment)."""
OLD_FORM_FORMATS = ("cchc-tui-form-1",)
"""Forms already sent out: rows carry the directive's version."""


@dataclass
class FormTask:
    """One open item of the agency: a directive it leads or supports."""

    directive_id: int
    number: int
    title: str
    role: str  # "lead" | "member" (through a group lead) | "support"
    deadline: date | None
    deadline_text: str
    status: Status
    progress: int
    state: str
    version: int  # the unit's version (a support: the directive's) when the form was made


@dataclass
class FormIndicator:
    """One indicator the agency reports a value for."""

    indicator_id: int
    directive_number: int | None
    name: str
    unit: str
    target: str
    latest: str
    latest_date: date | None
    version: int


@dataclass
class AgencyForm:
    """Everything one agency's form holds."""

    database_id: str
    form_id: str
    agency_id: int
    agency: str
    made_on: date
    made_at: str
    made_by: str
    settings: dict[str, str]
    tasks: list[FormTask] = field(default_factory=list)
    indicators: list[FormIndicator] = field(default_factory=list)


def database_identity(store: Store) -> dict:
    """This file's identity (uuid, secret); created by migration 0002."""
    row = store.row("SELECT uuid, secret FROM database_identity WHERE id = 1")
    if row is None:
        raise DatabaseError("Cơ sở dữ liệu chưa có mã định danh; hãy mở lại bằng bản cchc-tui mới.")
    return row


def open_tasks(store: Store, agency_id: int, today: date) -> list[FormTask]:
    """The agency's open items, by notice then number: directives it does
    itself — as a named lead or as a member of a group lead — whose own part
    is not done, and directives it supports that are not done. A lead's
    version is its own unit's (a report by someone else on it is a
    conflict); a support's is the directive's."""
    window = due_soon_days(store)
    expanded = {
        (r["directive_id"], r["group_id"])
        for r in store.rows(
            "SELECT DISTINCT directive_id, group_id FROM assignments WHERE role='member'"
        )
    }
    rows = store.rows(
        """
        SELECT d.id, d.number, d.title, d.deadline, d.deadline_text, d.version AS d_version,
               a.role, a.version AS a_version, a.agency_id,
               CASE a.role WHEN 'support' THEN d.status ELSE a.status END AS status,
               CASE a.role WHEN 'support' THEN d.progress ELSE a.progress END AS progress,
               CASE a.role WHEN 'support' THEN d.completed_on ELSE a.completed_on END AS completed_on
        FROM assignments a
        JOIN directives d ON d.id = a.directive_id
        JOIN notices n ON n.id = d.notice_id
        WHERE a.agency_id = ? AND a.removed = 0 AND d.archived = 0
          AND (CASE a.role WHEN 'support' THEN d.status ELSE a.status END) <> 'hoan_thanh'
        ORDER BY coalesce(n.issued_on, n.meeting_on, n.created_at) DESC, n.id DESC, d.number, d.id
        """,
        [agency_id],
    )
    # a member of a supporting group supports too (listed, not scored)
    own = {r["id"] for r in rows}
    via_groups = [
        r | {"a_version": None}
        for r in store.rows(
            """
            SELECT d.id, d.number, d.title, d.deadline, d.deadline_text, d.version AS d_version,
                   'support' AS role, d.status, d.progress, d.completed_on,
                   coalesce(n.issued_on, n.meeting_on, n.created_at) AS n_order, n.id AS n_id
            FROM agency_members m
            JOIN assignments a ON a.agency_id = m.group_id AND a.role = 'support' AND a.removed = 0
            JOIN directives d ON d.id = a.directive_id
            JOIN notices n ON n.id = d.notice_id
            WHERE m.member_id = ? AND m.removed_at IS NULL AND d.archived = 0
              AND d.status <> 'hoan_thanh'
            """,
            [agency_id],
        )
        if r["id"] not in own
    ]
    if via_groups:
        order = {
            r["id"]: (r["n_order"], r["n_id"])
            for r in store.rows(
                "SELECT d.id, coalesce(n.issued_on, n.meeting_on, n.created_at) AS n_order, "
                "n.id AS n_id FROM directives d JOIN notices n ON n.id = d.notice_id"
            )
        }
        unique = {r["id"]: r for r in via_groups}
        rows = sorted(
            [*rows, *unique.values()],
            key=lambda r: (
                _descending(order[r["id"]][0]),
                -order[r["id"]][1],
                r["number"],
                r["id"],
            ),
        )
    tasks = []
    for r in rows:
        if r["role"] == "lead" and (r["id"], agency_id) in expanded:
            continue  # a group tracked through its members: each member has its own form
        deadline = from_iso(r["deadline"])
        tl = timeliness(r["status"], deadline, from_iso(r["completed_on"]), today, window)
        tasks.append(
            FormTask(
                directive_id=r["id"],
                number=r["number"],
                title=r["title"],
                role=r["role"],
                deadline=deadline,
                deadline_text=r["deadline_text"],
                status=Status(r["status"]),
                progress=r["progress"],
                state=state_label(r["status"], tl, deadline),
                version=r["d_version"] if r["role"] == "support" else r["a_version"],
            )
        )
    return tasks


def _descending(text: str) -> tuple:
    """A sort key ordering ISO date texts newest first."""
    return tuple(-ord(c) for c in text)


def form_indicators(store: Store, agency_id: int) -> list[FormIndicator]:
    """Indicators of the agency's own and its directives (not notice-wide
    ones that no agency holds)."""
    return [
        FormIndicator(
            indicator_id=i.id,
            directive_number=i.directive_number,
            name=i.name,
            unit=i.unit,
            target=i.target_text,
            latest=f"{format_number(i.latest_value)}{i.unit}" if i.latest else "",
            latest_date=i.latest_date,
            version=i.version,
        )
        for i in list_indicators(store, agency_id=agency_id)
        if i.directive_id is not None or i.agency_id == agency_id
    ]


def build_form(store: Store, agency: str | int, today: date, by: str | None = None) -> AgencyForm:
    """The form for one agency (a name, alias or id)."""
    row = get_agency(store, agency) if isinstance(agency, int) else find_agency(store, agency)
    identity = database_identity(store)
    return AgencyForm(
        database_id=identity["uuid"],
        form_id=str(uuid.uuid4()),
        agency_id=row["id"],
        agency=row["name"],
        made_on=today,
        made_at=now_text(),
        made_by=user_name(store, by),
        settings=get_settings(store),
        tasks=open_tasks(store, row["id"], today),
        indicators=form_indicators(store, row["id"]),
    )


# -- the identity sheet ------------------------------------------------------------

TASK_KIND, INDICATOR_KIND = "nhiem_vu", "chi_tieu"
ROW_HEADER = ["loai", "dong", "ma", "phien_ban", "vai_tro"]


def identity_rows(
    form: AgencyForm, task_rows: list[int], indicator_rows: list[int]
) -> list[list[str]]:
    """The identity sheet's rows (all text), without the signature:
    key/value lines, then one line per form row — kind, worksheet row,
    directive or indicator id, the version it was made from, the role."""
    lines: list[list[str]] = [
        ["dinh_dang", FORM_FORMAT],
        ["ma_csdl", form.database_id],
        ["ma_phieu", form.form_id],
        ["ma_co_quan", str(form.agency_id)],
        ["co_quan", form.agency],
        ["ngay_lap", form.made_on.isoformat()],
        ["luc_lap", form.made_at],
        ["nguoi_lap", form.made_by],
        ROW_HEADER,
    ]
    for task, row in zip(form.tasks, task_rows, strict=True):
        lines.append([TASK_KIND, str(row), str(task.directive_id), str(task.version), task.role])
    for indicator, row in zip(form.indicators, indicator_rows, strict=True):
        lines.append(
            [INDICATOR_KIND, str(row), str(indicator.indicator_id), str(indicator.version), ""]
        )
    return lines


def seal(secret: str, lines: list[list[str]]) -> str:
    """HMAC-SHA256 of the identity lines under the database's secret."""
    canonical = [_trimmed(line) for line in lines]  # a workbook drops empty trailing cells
    payload = json.dumps(canonical, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hmac.new(bytes.fromhex(secret), payload, hashlib.sha256).hexdigest()


def _trimmed(line: list[str]) -> list[str]:
    line = [str(cell) for cell in line]
    while line and line[-1] == "":
        line.pop()
    return line


def is_sealed(secret: str, lines: list[list[str]], signature: str) -> bool:
    return hmac.compare_digest(seal(secret, lines), signature or "")


def status_choices() -> list[str]:
    """The Vietnamese labels offered in the form's drop-down list."""
    return [STATUS_LABELS[s] for s in Status]


def agency_slug(name: str) -> str:
    """ "Phòng Tài nguyên và Môi trường" -> "phong-tai-nguyen-va-moi-truong"."""
    from cchc_tui.domain.text import fold

    slug = "-".join(fold(name).replace("–", "-").replace(",", " ").split())
    return "".join(ch for ch in slug if ch.isalnum() or ch == "-").strip("-")[:60]


def form_file_name(form: AgencyForm) -> str:
    """A default file name: phieu-tien-do_<agency>_<dd-mm-yyyy>.xlsx."""
    return f"phieu-tien-do_{agency_slug(form.agency)}_{format_date(form.made_on).replace('/', '-')}.xlsx"


def make_form_workbook(
    store: Store, agency: str | int, today: date, by: str | None = None
) -> tuple[AgencyForm, bytes]:
    """The agency's form and its sealed workbook (xlsx bytes)."""
    from cchc_tui.reports import form_xlsx

    form = build_form(store, agency, today, by)
    lines = identity_rows(
        form,
        form_xlsx.task_rows(len(form.tasks)),
        form_xlsx.indicator_rows(len(form.indicators)),
    )
    signature = seal(database_identity(store)["secret"], lines)
    return form, form_xlsx.write_form(form, lines, signature, status_choices())

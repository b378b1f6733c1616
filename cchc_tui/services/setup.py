"""Setting up a new database for an organisation: the bundled sample, or an
empty one from a template of its level (xã, phường, tỉnh; huyện before
2025) with that level's standard agencies and groups (``seed/templates.json``).

A file is set up once, when it is created; an existing file is set up only
while it holds no notices, no updates and no agencies — or, with
``replace_sample``, while it still holds the untouched sample, whose content
is then replaced whole (through the restore machinery: a safety copy first,
a new restore generation, other windows see the change)."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cchc_tui.domain.errors import ValidationError
from cchc_tui.domain.text import clean, fold
from cchc_tui.resources import bundled_dir
from cchc_tui.services.agencies import insert_agency
from cchc_tui.services.memberships import insert_membership
from cchc_tui.services.seeding import seed_database
from cchc_tui.store.database import Store, now_text, open_store

SAMPLE = "sample"
TEMPLATE_FILE = "templates.json"
BY = "Thiết lập ban đầu"


@dataclass(frozen=True)
class Template:
    """One set-up choice."""

    code: str
    label: str


@cache
def _templates() -> dict:
    data = json.loads((bundled_dir("seed") / TEMPLATE_FILE).read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def templates() -> list[Template]:
    """The choices, the sample first."""
    sample = Template(SAMPLE, "Dữ liệu mẫu (Thông báo kết luận 16/8/2024, huyện Nghĩa Hành)")
    return [sample, *(Template(code, t["label"]) for code, t in _templates().items())]


def template_codes() -> list[str]:
    return [t.code for t in templates()]


@dataclass(frozen=True)
class Names:
    """The organisation's own names given at set-up (empty: the template's)."""

    organisation: str = ""
    secretariat: str = ""
    place: str = ""


def initialiser(template: str, names: Names = Names()):
    """The function ``open_store`` calls on a new file for this choice."""
    check_template(template)

    def initialise(store: Store) -> None:
        if template == SAMPLE:
            seed_database(store)
        else:
            apply_template(store, template, names)
        if template == SAMPLE and any((names.organisation, names.secretariat, names.place)):
            _override_settings(store, names)

    return initialise


def check_template(template: str) -> None:
    if template not in template_codes():
        raise ValidationError(
            f"Không có mẫu thiết lập '{template}'; chọn một trong: {', '.join(template_codes())}.",
            "template",
        )


def apply_template(store: Store, template: str, names: Names) -> None:
    """Settings, agencies and groups (with aliases and members) of a level,
    in the caller's transaction."""
    data = _templates()[template]
    with store.transaction() as db:
        stamp = now_text()
        for key, value in data["settings"].items():
            db.table("settings").insert(
                {"key": key, "value": value, "version": 1, "updated_at": stamp, "updated_by": BY},
                replace=True,
            )
        ids = {}
        for agency in data["agencies"]:
            ids[fold(agency["name"])] = insert_agency(
                db, agency["name"], "agency", agency["aliases"], BY
            )
        for group in data["groups"]:
            group_id = insert_agency(db, group["name"], "group", group["aliases"], BY)
            for member in group["members"]:
                insert_membership(db, group_id, ids[fold(member)], BY)
        _override_settings(store, names)
        store.set_state("initialised_as", template)


def _override_settings(store: Store, names: Names) -> None:
    stamp = now_text()
    wanted = {
        "organisation": clean(names.organisation),
        "secretariat": clean(names.secretariat),
        "place": clean(names.place),
    }
    if wanted["secretariat"]:
        wanted["user_name"] = wanted["secretariat"]
    for key, value in wanted.items():
        if value:
            store.conn.execute(
                "INSERT OR REPLACE INTO settings (key, value, version, updated_at, updated_by) "
                "VALUES (?, ?, 1, ?, ?)",
                [key, value, stamp, BY],
            )


def is_blank(store: Store) -> bool:
    """No notices, no updates, no agencies: nothing to lose by setting up."""
    return not store.value(
        "SELECT EXISTS(SELECT 1 FROM notices) OR EXISTS(SELECT 1 FROM updates) "
        "OR EXISTS(SELECT 1 FROM agencies)"
    )


def is_untouched_sample(store: Store) -> bool:
    """The sample as it was seeded: one notice, no updates, no edits, no
    measurement but the seed's own."""
    return (
        store.state("initialised_as") == SAMPLE
        and store.value("SELECT count(*) FROM notices") == 1
        and not store.value("SELECT EXISTS(SELECT 1 FROM updates)")
        and not store.value("SELECT EXISTS(SELECT 1 FROM edits)")
        and not store.value(
            "SELECT EXISTS(SELECT 1 FROM measurements WHERE recorded_by <> 'Dữ liệu mẫu')"
        )
    )


def set_up(
    store: Store, template: str, names: Names = Names(), *, replace_sample: bool = False
) -> Path | None:
    """Set up an existing file (see the module doc). Returns the safety copy
    of the replaced sample, if any. ValidationError (nothing changed) when
    the file holds data."""
    check_template(template)
    if is_blank(store):
        with store.transaction():
            initialiser(template, names)(store)
        return None
    if replace_sample and is_untouched_sample(store):
        return _replace_content(store, template, names)
    if is_untouched_sample(store):
        raise ValidationError(
            "Tệp dữ liệu đang có dữ liệu mẫu (chưa dùng). Muốn thay bằng thiết lập mới, thêm "
            "--replace-sample (trong ứng dụng: chọn 'Thay dữ liệu mẫu').",
            "template",
        )
    raise ValidationError(
        "Tệp dữ liệu đã có văn bản, cập nhật hoặc cơ quan; không thiết lập lại (để không mất "
        "dữ liệu). Hãy dùng một tệp mới: cchc-tui --db TỆP_MỚI init …",
        "template",
    )


def _replace_content(store: Store, template: str, names: Names) -> Path:
    from cchc_tui.services.backup import restore_from

    with tempfile.TemporaryDirectory(prefix="cchc-init-") as folder:
        fresh = Path(folder) / "moi.db"
        open_store(fresh, initialise=initialiser(template, names)).close()
        return restore_from(store, fresh)

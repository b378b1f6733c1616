"""A group's members (t on the agencies screen): who is in it; add one from
the registry, remove the highlighted one. Each change is saved at once
(recorded in the group's history by the service) and the directives the
group leads start or stop tracking that member."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from cchc_tui.domain.errors import UserError
from cchc_tui.services.memberships import MembershipChange
from cchc_tui.session.registry import NamedAgency
from cchc_tui.tui.actions import action
from cchc_tui.tui.base import AppModal
from cchc_tui.tui.screens.dialogs import ConfirmDialog


def change_message(change: MembershipChange, group: str) -> str:
    """What a change did, in a sentence."""
    parts = []
    if change.added:
        parts.append(f"Đã thêm {', '.join(change.added)} vào nhóm '{group}'")
    if change.removed:
        parts.append(f"Đã bỏ {', '.join(change.removed)} khỏi nhóm '{group}'")
    if not parts:
        return "Không có gì thay đổi."
    if change.directives:
        parts.append(f"{change.directives} nhiệm vụ nhóm chủ trì được cập nhật theo dõi")
    return "; ".join(parts) + "."


class GroupMembersScreen(AppModal[None]):
    """The members of one group, in Vietnamese order."""

    @action("n", "Thêm", "Thêm một cơ quan vào nhóm (chọn trong danh sách cơ quan)", writes=True)
    async def action_add_member(self) -> None:
        from cchc_tui.tui.screens.agency_picker import AgencyPicker

        taken = {m.id for m in self.members} | {self.group_id}

        async def picked(agency_id: int | None) -> None:
            if agency_id is not None:
                await self._change(add=[agency_id])

        await self.cchc.open_screen(
            AgencyPicker(
                f"Thêm cơ quan nào vào nhóm '{self.group_name}'?",
                exclude=taken,
                kinds=frozenset({"agency"}),
            ),
            picked,
        )

    @action("delete", "Bỏ", "Bỏ thành viên đang chọn khỏi nhóm (lịch sử của nó được giữ)",
            writes=True, key_display="Del")  # fmt: skip
    async def action_remove_member(self) -> None:
        member = self.current_member()
        if member is None:
            self.notify("Nhóm chưa có thành viên nào để bỏ.", severity="warning")
            return

        async def confirmed(yes: bool | None) -> None:
            if yes:
                await self._change(remove=[member.id])

        await self.cchc.open_screen(
            ConfirmDialog(
                f"Bỏ '{member.name}' khỏi nhóm '{self.group_name}'?\n"
                "Các nhiệm vụ nhóm chủ trì thôi theo dõi riêng đơn vị này; "
                "những gì nó đã báo cáo vẫn được giữ trong lịch sử.",
                yes_label="Bỏ khỏi nhóm",
            ),
            confirmed,
        )

    @action("escape", "Đóng", "Về danh sách cơ quan")
    def action_close(self) -> None:
        self.dismiss(None)

    def __init__(self, group_id: int, group_name: str) -> None:
        super().__init__()
        self.group_id = group_id
        self.group_name = group_name
        self.members: list[NamedAgency] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="group-members"):
            yield Label(Text(f"Thành viên nhóm '{self.group_name}'"), classes="title")
            yield Static(id="members-count", classes="dim")
            yield OptionList(id="members")
        yield Footer(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        self.query_one("#members", OptionList).focus()
        await self.reload()

    async def reload(self, select_id: int | None = None) -> None:
        """Read the members again (in a worker); the cursor stays where it was
        or goes to ``select_id``."""
        try:
            members = await self.in_thread(self.session.members, self.group_id)
        except UserError as error:
            self.cchc.show_error(error)
            return
        current = self.current_member()
        keep = select_id or (current.id if current else None)
        self.members = members
        options = self.query_one("#members", OptionList)
        options.clear_options()
        options.add_options([Option(Text(m.name), id=str(m.id)) for m in members])
        if members:
            ids = [m.id for m in members]
            options.highlighted = ids.index(keep) if keep in ids else 0
        self.query_one("#members-count", Static).update(
            Text(
                f"{len(members)} thành viên. n: thêm, Del: bỏ thành viên đang chọn."
                if members
                else "Nhóm chưa có thành viên; bấm n để thêm."
            )
        )

    def current_member(self) -> NamedAgency | None:
        highlighted = self.query_one("#members", OptionList).highlighted
        if highlighted is None or not 0 <= highlighted < len(self.members):
            return None
        return self.members[highlighted]

    async def _change(self, *, add: list[int] = (), remove: list[int] = ()) -> None:  # type: ignore[assignment]
        try:
            change = await self.in_thread(
                lambda: self.session.change_members(self.group_id, add=add, remove=remove)
            )
        except UserError as error:
            self.cchc.show_error(error)
            return
        self.notify(change_message(change, self.group_name), markup=False, timeout=6)
        await self.reload(select_id=add[0] if add else None)
        self.cchc.data_changed()

"""One registry of what a user can invoke: each action is declared once, on
the method that does it, and its key, footer label, help line, palette entry,
where it applies and whether it writes all follow from that declaration.

    class MyScreen(ActionHost, Screen):
        @action("k", "Nhắc việc", "Lập công văn đôn đốc cơ quan đang chọn", writes=True)
        async def action_remind(self) -> None:
            ...

``ActionHost`` turns the declarations of a class into its ``BINDINGS``
(before Textual reads them), gives them to the help screen and the command
palette, and refuses a writing action when the session may not write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from textual.binding import Binding

F = TypeVar("F", bound=Callable)

ANYWHERE, MAIN, DIRECTIVE = "anywhere", "main", "directive"
"""Where an app action applies: any full screen (not over a dialog), the
main screen only, or wherever a directive is in view (the main screen and
the directive screen)."""


@dataclass(frozen=True)
class ActionSpec:
    """One action a user can invoke."""

    id: str
    key: str
    label: str
    help: str
    where: str = ANYWHERE
    writes: bool = False
    footer: bool = True
    palette: str | None = None
    """Its name in the command palette (None: not offered there)."""
    key_display: str | None = None
    priority: bool = False

    def binding(self) -> Binding | None:
        """The key binding (None: offered in the palette only)."""
        if not self.key:
            return None
        return Binding(
            self.key,
            self.id,
            self.label,
            id=self.id,
            show=self.footer,
            tooltip=self.help,
            key_display=self.key_display,
            priority=self.priority,
        )


def action(
    key: str,
    label: str,
    help: str,
    *,
    where: str = ANYWHERE,
    writes: bool = False,
    footer: bool = True,
    palette: str | None = None,
    key_display: str | None = None,
    priority: bool = False,
) -> Callable[[F], F]:
    """Declare the ``action_<id>`` method below as a user action (``key``
    empty: in the command palette only)."""

    def mark(method: F) -> F:
        name = method.__name__
        if not name.startswith("action_"):
            raise TypeError(f"{name}: an action's method is named action_<id>")
        method.action_spec = ActionSpec(  # type: ignore[attr-defined]
            name.removeprefix("action_"),
            key,
            label,
            help,
            where,
            writes,
            footer,
            palette,
            key_display,
            priority,
        )
        return method

    return mark


def declared(cls: type) -> list[ActionSpec]:
    """The actions declared on ``cls`` and its bases, in declaration order
    (a subclass's declaration of the same id wins)."""
    found: dict[str, ActionSpec] = {}
    for klass in reversed(cls.__mro__):
        for value in vars(klass).values():
            spec = getattr(value, "action_spec", None)
            if isinstance(spec, ActionSpec):
                found[spec.id] = spec
    return list(found.values())


class ActionHost:
    """A Textual node (app or screen) whose keys come from its declared
    actions (plus ``EXTRA_BINDINGS``: Textual's own actions, aliases)."""

    EXTRA_BINDINGS: ClassVar[list[Binding]] = []
    ACTIONS: ClassVar[list[ActionSpec]] = []

    def __init_subclass__(cls, **kwargs) -> None:
        # the class's own bindings; Textual adds those of its bases itself
        own = [
            binding
            for value in vars(cls).values()
            if isinstance(getattr(value, "action_spec", None), ActionSpec)
            and (binding := value.action_spec.binding()) is not None
        ]
        explicit = list(vars(cls).get("BINDINGS", []))
        extra = list(vars(cls).get("EXTRA_BINDINGS", []))
        cls.BINDINGS = [*explicit, *own, *extra]  # type: ignore[attr-defined]
        cls.ACTIONS = declared(cls)
        super().__init_subclass__(**kwargs)

    @classmethod
    def action_spec(cls, action_id: str) -> ActionSpec | None:
        return next((s for s in cls.ACTIONS if s.id == action_id), None)

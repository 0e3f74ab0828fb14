"""Finding and loading the jinja2 templates (a checkout's `templates/`, or the installed copy)."""

from __future__ import annotations

import os
import site
import sys
import sysconfig
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import ContractsError

if TYPE_CHECKING:
    import jinja2

ENV_VAR = "EVENT_CONTRACTS_TEMPLATES"
_MARKER = "avro_module.py.j2"


def template_dirs() -> list[Path]:
    """Where templates may be, in order: $EVENT_CONTRACTS_TEMPLATES, the checkout, the install."""
    candidates = []
    if os.environ.get(ENV_VAR):
        candidates.append(Path(os.environ[ENV_VAR]))
    candidates.append(Path(__file__).resolve().parents[2] / "templates")
    for data in (sysconfig.get_path("data"), sys.prefix, site.USER_BASE):
        if data:
            candidates.append(Path(data) / "share" / "event-contracts" / "templates")
    return list(dict.fromkeys(candidates))


def templates_dir() -> Path:
    for candidate in template_dirs():
        if (candidate / _MARKER).is_file():
            return candidate
    raise ContractsError("code generation templates not found (looked in "
                         + ", ".join(str(c) for c in template_dirs()) + ")")


@cache
def environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=False,  # Python source, not HTML
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    return env


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)

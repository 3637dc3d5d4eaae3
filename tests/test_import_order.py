"""generator/import_order.py: isort's (ruff's) order for the import blocks templates write."""

from __future__ import annotations

from generator.import_order import from_import, sort_imports

MESSY = '''"""Docstring.

from z import y  (text, not an import)
"""

from __future__ import annotations

from typing import Sequence, Annotated
import os
from functools import cached_property
from typing import cast

from .._types import NotGiven, NOT_GIVEN, Body
from typing_extensions import TypedDict
from pydantic import InstanceOf
from ..types.b import (
    Variant10,
    Variant2,
)
from ..types.a import A
from pkg import Client
from . import _auth

if TYPE_CHECKING:
    from .resources.threads import Threads, AsyncThreads
    from .resources.audio import Audio as Audio

x = 1
from zzz import late  # after code: left alone
'''

SORTED = '''"""Docstring.

from z import y  (text, not an import)
"""

from __future__ import annotations

import os
from functools import cached_property
from typing import Annotated, Sequence, cast

from pydantic import InstanceOf
from typing_extensions import TypedDict

from pkg import Client

from .._types import NOT_GIVEN, Body, NotGiven
from ..types.a import A
from ..types.b import Variant2, Variant10
from . import _auth

if TYPE_CHECKING:
    from .resources.audio import Audio as Audio
    from .resources.threads import AsyncThreads, Threads

x = 1
from zzz import late  # after code: left alone
'''


def test_blocks_are_sorted_merged_and_split_into_sections() -> None:
    assert sort_imports(MESSY, "pkg") == SORTED
    assert sort_imports(SORTED, "pkg") == SORTED


def test_a_block_with_what_it_does_not_read_is_left_as_it_is() -> None:
    text = "from a import b  # a comment\nfrom a import *\n\nx = 1\n"
    assert sort_imports(text, "pkg") == text


def test_names_in_order_and_long_lines_in_parentheses() -> None:
    assert from_import("m", ["cast", "Any", "TYPE_CHECKING"]) == "from m import TYPE_CHECKING, Any, cast"
    long = from_import("module", [f"Name{i}" for i in range(12, 0, -1)])
    assert long.splitlines()[:3] == ["from module import (", "    Name1,", "    Name2,"] and long.endswith("\n)")


def test_a_long_import_is_laid_out_as_black_lays_it_out() -> None:
    """A template's long import (a types module's late one, with its `# noqa`) needs no black."""
    from generator.format import black_format

    for comment in ("", "noqa: E402"):
        text = from_import(".microsoft_graph_managed_device", ["MicrosoftGraphManagedDeviceParam", "MicrosoftGraphManagedDevice"], comment=comment)
        assert len(text.splitlines()) == 4 and black_format(text + "\n") == text + "\n"

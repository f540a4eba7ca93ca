"""One reading of the Lagebild's reference rows per request: the district, its statistic tables and regions.

A dashboard builds a dozen charts, and each indicator used to look up the installation's district and the
tables matching its code again (71 queries, 17 of them the same district row). Inside `one_reading()` (the
pages' views and the report job enter it) these lookups are made once and kept until the block ends; outside
it every call reads afresh, so imports and services always see the database as it is. Nothing outlives the
block: the memo lives in a context variable, not in the process (ARCHITECTURE: nothing in process memory
between requests).
"""

from collections.abc import Callable, Hashable
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, TypeVar

T = TypeVar("T")

_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("lagebild_reading", default=None)


@contextmanager
def one_reading():
    """Read the district, tables and regions once within the block (nested blocks share the outer one)."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def once(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, made once per `one_reading()` block for `key`; every time outside one."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def read_once(view: Callable[..., T]) -> Callable[..., T]:
    """A view whose request reads the Lagebild's reference rows once."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        with one_reading():
            return view(*args, **kwargs)

    return wrapper

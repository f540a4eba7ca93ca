"""What one request reads several times, read once: a memo that lives from request_started to request_finished.

The Lagebild's pages and the municipal workspace asked the database for the installation's district nine
times and for the district's statistics tables twenty-six times in one request (each chart and indicator
looks them up itself). `request_memo(key, compute)` returns the value computed first in this request; outside
a request (a task, a management command, a test calling a selector) it computes every time, so nothing is
kept between requests, users or processes' jobs. A service that writes what a memo holds calls
`request_memo_forget()`.
"""

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from asgiref.local import Local

T = TypeVar("T")
_state = Local()


def request_memo(key: Hashable, compute: Callable[[], T]) -> T:
    memo: dict | None = getattr(_state, "memo", None)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def request_memo_forget() -> None:
    memo = getattr(_state, "memo", None)
    if memo is not None:
        memo.clear()


@contextmanager
def request_memo_scope() -> Iterator[None]:
    """The same memo for work outside a request (a background job's run): from the block's start to its end.
    Inside a request, or a scope already open, the block shares that one."""
    if getattr(_state, "memo", None) is not None:
        yield
        return
    _state.memo = {}
    try:
        yield
    finally:
        _state.memo = None


def _request_started(**kwargs: Any) -> None:
    _state.memo = {}


def _request_finished(**kwargs: Any) -> None:
    _state.memo = None


def connect() -> None:
    from django.core.signals import request_finished, request_started

    request_started.connect(_request_started, dispatch_uid="wegweiser.core.request_memo.started")
    request_finished.connect(_request_finished, dispatch_uid="wegweiser.core.request_memo.finished")

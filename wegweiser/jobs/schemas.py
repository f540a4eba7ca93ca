from datetime import datetime
from uuid import UUID

from ninja import Schema


class JobOut(Schema):
    id: UUID
    kind: str
    label: str
    status: str
    percent: int
    progress_done: int
    progress_total: int
    message: str
    error: str
    result: dict
    created_at: datetime
    finished_at: datetime | None

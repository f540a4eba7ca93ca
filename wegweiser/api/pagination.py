"""Page numbers within what a database can count to: page 213014303314890624 made an OFFSET that SQLite
answered with an OverflowError (a 500); now it is a 422 like any other invalid parameter."""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

# A million pages of 50 is far beyond any list here and far below the 64-bit OFFSET.
LAST_PAGE = 1_000_000
LARGEST_PAGE_SIZE = 100


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=LAST_PAGE)
        page_size: int | None = Field(None, ge=1, le=LARGEST_PAGE_SIZE)

"""The API's default paging, in a module of its own: DRF reads it from the settings while its
generic views are being imported, so it must not import them."""

from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=`, 50 rows unless asked (PAGE_SIZE), never more than 500 at once: a
    client cannot make one request read a national table."""

    max_limit = 500

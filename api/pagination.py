from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination as DrfPageNumberPagination


class PageNumberPagination(DrfPageNumberPagination):
    """``?page=N`` (from 1) and ``?page_size=`` up to 200; a page past the end answers 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_size_query_description = _("How many per page (default 50, at most 200).")

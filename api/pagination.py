from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination as DrfPageNumberPagination

from mvp_portal.http import parse_id


class PageNumberPagination(DrfPageNumberPagination):
    """``?page=N`` (from 1; past the end: 404) and ``?page_size=N`` (default 50; above 200 counts as 200).

    Unlike DRF's default, a ``page`` or ``page_size`` that is not one whole number from 1 up
    (empty, "abc", "0", repeated) is refused with a 400 that names it, instead of being
    ignored or answered with a 404.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_query_description = _("A page number, from 1.")
    page_size_query_description = _("How many per page: default 50, at most 200 (more counts as 200).")

    def _whole_number(self, request, name: str) -> int | None:
        values = request.query_params.getlist(name)
        if not values:
            return None
        number = parse_id(values[-1])
        if len(values) > 1 or number is None:
            raise ValidationError({name: [_("Give one whole number from 1 up.")]})
        return number

    def get_page_size(self, request) -> int:
        size = self._whole_number(request, self.page_size_query_param)
        return self.page_size if size is None else min(size, self.max_page_size)

    def get_page_number(self, request, paginator) -> int:
        return self._whole_number(request, self.page_query_param) or 1

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters

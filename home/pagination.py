from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, object_list, per_page=None):
    """One page of a listing. A page number that is not a number gives the first page; one past
    the end gives the last, so an old or mistyped link still shows something useful."""
    paginator = Paginator(object_list, per_page or settings.LISTING_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))

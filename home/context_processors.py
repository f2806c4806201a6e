from django.utils.functional import SimpleLazyObject

from .chrome import site_chrome
from .views import LARGE_TEXT_COOKIE


def display(request):
    return {
        "large_text": request.COOKIES.get(LARGE_TEXT_COOKIE) == "1",
        # Lazy: admin views never touch it, so they never pay for it.
        "chrome": SimpleLazyObject(lambda: site_chrome(request)),
    }

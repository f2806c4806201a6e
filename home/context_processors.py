from .views import LARGE_TEXT_COOKIE


def display(request):
    return {"large_text": request.COOKIES.get(LARGE_TEXT_COOKIE) == "1"}

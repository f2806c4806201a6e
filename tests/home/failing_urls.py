from django.urls import path


def boom(request):
    raise RuntimeError("a fault in a view")


urlpatterns = [path("boom/", boom)]

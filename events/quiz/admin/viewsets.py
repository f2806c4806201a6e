"""The 线上答题 item of the 活动报名 menu: the quizzes, and each quiz's results, paper-score
entry and statistics under the same URL prefix and permissions."""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from wagtail.admin.panels import ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from events.admin.common import refusing_with_403

from ..models import Quiz
from . import views
from .forms import QuizAdminForm
from .statistics import StatisticsView


class QuizViewSet(ModelViewSet):
    model = Quiz
    name = views.NAMESPACE
    url_prefix = "events/quizzes"
    icon = "tasks"
    index_view_class = views.QuizIndexView
    edit_view_class = views.QuizEditView
    delete_view_class = views.QuizDeleteView
    # A copy would need another quiz event at once; a new quiz is as quick.
    copy_view_enabled = False
    list_per_page = 50
    edit_handler = ObjectList(Quiz.panels, base_form_class=QuizAdminForm)

    def get_permissions_to_register(self):
        # "view" opens results and statistics without letting someone change the quiz.
        view = Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Quiz), codename="view_quiz"
        )
        return super().get_permissions_to_register() | view

    def get_urlpatterns(self):
        # A refused screen answers 403 and says so, as every 活动报名 screen does.
        return refusing_with_403(
            super().get_urlpatterns()
            + [
                path("<int:quiz_pk>/results/", views.ResultsView.as_view(), name=views.RESULTS),
                path(
                    "<int:quiz_pk>/paper-scores/",
                    views.PaperScoreView.as_view(),
                    name=views.PAPER_SCORES,
                ),
                path("<int:quiz_pk>/statistics/", StatisticsView.as_view(), name=views.STATISTICS),
            ]
        )

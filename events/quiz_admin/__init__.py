"""Staff side of the online knowledge quiz (廉政知识竞赛) in the Wagtail admin.

Importing the package (events.wagtail_hooks does) also registers the quiz purge hook.
"""

from .purge import purge_quiz_personal_data
from .viewsets import QuizViewSet

__all__ = ["QuizViewSet", "purge_quiz_personal_data"]

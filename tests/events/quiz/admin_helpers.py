"""Helpers shared by the tests of the quiz's admin screens."""

from django.urls import reverse


def results_url(quiz):
    return reverse("event_quizzes:results", args=[quiz.pk])


def paper_url(quiz):
    return reverse("event_quizzes:paper_scores", args=[quiz.pk])


def statistics_url(quiz):
    return reverse("event_quizzes:statistics", args=[quiz.pk])


def bank_ids():
    from events.models import Question

    return list(Question.objects.order_by("pk").values_list("pk", flat=True))


LISTING = "/admin/events/quizzes/"


def form_errors(response):
    form = response.context["form"]
    return " ".join(str(error) for errors in form.errors.values() for error in errors)

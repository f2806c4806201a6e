"""Suggestions (意见建议): the public forms and pages, the handling workflow and its services,
and the queue in the Wagtail admin."""

"""The 活动报名 admin menu: event pages, registration records, registering on a resident's
behalf and the check-in desk; the quiz screens are in events.quiz.admin. events.wagtail_hooks
registers the menu."""

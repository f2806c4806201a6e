"""The quiz screens of the 活动报名 admin menu: 线上答题 (quizzes, results, paper scores,
statistics) and 题库 (the question bank with its import and export). events.wagtail_hooks
registers them."""

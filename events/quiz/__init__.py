"""The online knowledge quiz (廉政知识竞赛): the question bank and its spreadsheet import, quizzes
attached to quiz events, residents' papers, scoring, the ranking and the staff screens."""

"""The import template staff download: the columns, two example questions (real ones, so that
no harm is done if they are imported along with the rest) and a sheet of instructions."""

from django.utils.translation import gettext as _

from . import sheets

EXAMPLES = [
    {
        sheets.KIND: "多选",
        sheets.TEXT: "“三会一课”中的“三会”指的是哪几种会议？",
        "选项A": "支部党员大会",
        "选项B": "支部委员会会议",
        "选项C": "党小组会",
        "选项D": "居民代表大会",
        sheets.ANSWER: "ABC",
        sheets.EXPLANATION: "“三会”是支部党员大会、支部委员会会议和党小组会，“一课”是党课。",
        sheets.CATEGORY: "三会一课",
        sheets.DIFFICULTY: "易",
    },
    {
        sheets.KIND: "判断",
        sheets.TEXT: "对受理的信访事项，问题查清了就可以结案，解决没解决不必再管。",
        "选项A": "正确",
        "选项B": "错误",
        sheets.ANSWER: "错误",
        sheets.EXPLANATION: "信访工作要做到“三不放过”：问题不查清不放过，问题不解决不放过，"
        "有关措施不落实不放过。",
        sheets.CATEGORY: "三不放过",
        sheets.DIFFICULTY: "中",
    },
]


def notes():
    return [
        _("How to fill in the question bank template"),
        "",
        _("Fill in the first sheet, one question per row; the first row holds the column names."),
        _("题型: 单选, 多选 or 判断."),
        _("题目: the question, at most 500 characters."),
        _(
            "选项A to 选项F: fill in the options from A without gaps; single and multiple "
            "choice need at least two. For 判断 leave them empty (or write 正确 and 错误)."
        ),
        _(
            "正确答案: the letters of the correct options, such as A or ACD. A multiple-choice "
            "question needs at least two correct options and one wrong one. For 判断 write "
            "正确 or 错误 (对/错 also work)."
        ),
        _("解析: shown to residents after they answer; may be left empty."),
        _("分类: for example 三会一课, 一岗双责, 三不放过, 信访工作, 廉洁从政."),
        _("难度: 易, 中 or 难 (or 1, 2, 3); empty means 中."),
        _(
            "Nothing is imported while any row has a problem: the import page lists each "
            "problem by row and column. Questions already in the bank are left as they are."
        ),
        _("At most %(count)s questions and %(size)s MB per file; .xlsx or .csv.")
        % {"count": sheets.MAX_QUESTIONS, "size": sheets.MAX_BYTES // (1024 * 1024)},
        _("The two example rows are real questions: delete them or keep them."),
    ]


def template_xlsx():
    return sheets.write_xlsx(EXAMPLES, notes=notes(), validation=True)


def template_csv():
    return sheets.write_csv(EXAMPLES)

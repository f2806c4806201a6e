"""Demo bulletin-board slogans (宣传栏标语), as the residents' discussion in the seed proposed.

Most are written fresh from the seed's themes (leaders receiving visitors, seeing a problem
through to the end, family tradition, serving residents, open affairs); the rest are classical
sayings and principles of regulations, each with its real source.
"""

from .slogans import Slogan

# (text, source), in the order they stand on the board.
SLOGANS = [
    ("干部作风正，群众心气顺", ""),
    ("群众来访有人接，反映问题有回音", ""),
    (
        "领导定期坐班接待来访，面对面听意见，心贴心解难题，把矛盾化解在居民家门口",
        "",
    ),
    ("查清一件，解决一件，落实一件，件件有回音", ""),
    ("小事不出社区，矛盾就地化解", ""),
    ("家风正则民风淳，民风淳则社风清", ""),
    ("廉洁从家起，清风满门庭", ""),
    ("一粥一饭，当思来处不易", "朱柏庐《朱子家训》"),
    ("静以修身，俭以养德", "诸葛亮《诫子书》"),
    ("其身正，不令而行；其身不正，虽令不从", "《论语·子路》"),
    ("君子喻于义，小人喻于利", "《论语·里仁》"),
    ("富贵不能淫，贫贱不能移，威武不能屈", "《孟子·滕文公下》"),
    ("俭，德之共也；侈，恶之大也", "《左传·庄公二十四年》"),
    ("公私分明，先公后私，克己奉公", "《中国共产党廉洁自律准则》"),
    ("崇廉拒腐，清白做人，干净做事", "《中国共产党廉洁自律准则》"),
    ("属地管理、分级负责，谁主管、谁负责", "《信访工作条例》"),
    ("为民办事不拖拉，群众满意是标尺", ""),
    ("权力晒在阳光下，居务摆在桌面上", ""),
    ("一岗双责记心上，廉洁自律见行动", ""),
    ("老少一起学廉政，社区处处有清风", ""),
]


def load(**kwargs):
    """Create the demo slogans, or put them back as written; a slogan staff added stays."""
    for position, (text, source) in enumerate(SLOGANS, start=1):
        slogan = Slogan.objects.filter(text=text).order_by("pk").first() or Slogan(text=text)
        slogan.source, slogan.sort_order, slogan.enabled = source, position, True
        slogan.save()
    return {"宣传栏标语": len(SLOGANS)}

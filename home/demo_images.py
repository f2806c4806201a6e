"""The demo pictures for `manage.py load_demo`, with their titles and alt texts.

They are drawn with Pillow shapes only, because the machine may have no CJK font and nothing may
be downloaded.
"""

import io
import math

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1200, 800

PAPER = (244, 238, 224)
PAPER_DARK = (226, 214, 190)
INK = (40, 42, 48)
INK_SOFT = (96, 100, 106)
MIST = (190, 188, 180)
RED = (172, 40, 36)
RED_SOFT = (212, 124, 102)
GOLD = (204, 166, 90)
JADE = (72, 106, 90)
WHITE = (255, 255, 255)


def _gradient(top, bottom):
    mask = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    return Image.composite(
        Image.new("RGB", (WIDTH, HEIGHT), bottom), Image.new("RGB", (WIDTH, HEIGHT), top), mask
    )


def _leaf(x, y, length, width, angle):
    """A lens-shaped petal or leaf from (x, y) pointing at `angle` degrees (0 = up)."""
    theta = math.radians(angle)
    along = (math.sin(theta), -math.cos(theta))
    across = (math.cos(theta), math.sin(theta))
    steps = [i / 12 for i in range(13)]
    upper = [(t * length, width * math.sin(math.pi * t)) for t in steps]
    lower = [(t * length, -width * math.sin(math.pi * t)) for t in reversed(steps)]
    return [
        (x + a * along[0] + b * across[0], y + a * along[1] + b * across[1])
        for a, b in upper + lower
    ]


def _mountains():
    img = _gradient(PAPER, PAPER_DARK)
    draw = ImageDraw.Draw(img)
    draw.ellipse((820, 110, 980, 270), fill=RED)
    layers = [(430, 90, 0.006, MIST), (540, 70, 0.009, INK_SOFT), (650, 55, 0.013, INK)]
    for base, amplitude, frequency, colour in layers:
        ridge = []
        for x in range(0, WIDTH + 10, 10):
            # Two sines of unrelated periods give a ridge that does not look regular.
            wave = 0.6 * math.sin(x * frequency) + 0.4 * math.sin(x * frequency * 2.3 + 1.7)
            ridge.append((x, base - amplitude * wave))
        draw.polygon([*ridge, (WIDTH, HEIGHT), (0, HEIGHT)], fill=colour)
    return img


def _bamboo():
    img = _gradient(PAPER, (232, 228, 210))
    draw = ImageDraw.Draw(img)
    for x, width, colour in [(220, 34, JADE), (430, 26, INK_SOFT), (760, 40, INK), (980, 24, JADE)]:
        draw.rectangle((x, 0, x + width, HEIGHT), fill=colour)
        for n, y in enumerate(range(80 + x % 70, HEIGHT, 150)):
            draw.rectangle((x - 4, y, x + width + 4, y + 7), fill=PAPER)
            side = 1 if n % 2 else -1
            edge = x + width if side > 0 else x
            draw.polygon(_leaf(edge, y, 150, 20, side * 60), fill=colour)
            draw.polygon(_leaf(edge, y + 4, 120, 16, side * 95), fill=colour)
    return img


def _lotus():
    img = _gradient(PAPER, (222, 220, 206))
    draw = ImageDraw.Draw(img)
    for y in range(560, HEIGHT, 30):
        wave = [(x, y + 6 * math.sin(x / 40 + y)) for x in range(0, WIDTH + 10, 10)]
        draw.line(wave, fill=MIST, width=3)
    draw.ellipse((90, 560, 430, 660), fill=JADE)
    draw.ellipse((780, 600, 1140, 700), fill=JADE)
    for angle in range(-75, 80, 25):
        draw.polygon(_leaf(600, 560, 270, 62, angle), fill=RED_SOFT)
    for angle in range(-40, 45, 20):
        draw.polygon(_leaf(600, 560, 300, 55, angle), fill=RED)
    draw.ellipse((560, 520, 640, 580), fill=GOLD)
    return img


def _notice_board():
    img = _gradient(PAPER, PAPER_DARK)
    draw = ImageDraw.Draw(img)
    draw.rectangle((260, 620, 290, 760), fill=INK)
    draw.rectangle((910, 620, 940, 760), fill=INK)
    draw.rectangle((140, 110, 1060, 640), fill=INK)
    draw.rectangle((160, 130, 1040, 620), fill=PAPER)
    draw.rectangle((160, 130, 1040, 250), fill=RED)
    for x in range(220, 1000, 90):
        draw.ellipse((x, 170, x + 40, 210), fill=GOLD)
    # Grey bars stand in for slogans, since no Chinese font can be assumed.
    for row, length in enumerate([720, 640, 760, 520, 680]):
        top = 290 + row * 62
        draw.rounded_rectangle((210, top, 210 + length, top + 26), radius=13, fill=MIST)
    return img


def _round_table():
    img = _gradient(PAPER, (232, 224, 206))
    draw = ImageDraw.Draw(img)
    cx, cy = WIDTH // 2, HEIGHT // 2
    seats = 10
    colours = [INK, INK_SOFT, JADE]
    for n in range(seats):
        angle = 2 * math.pi * n / seats
        x, y = cx + 390 * math.cos(angle), cy + 250 * math.sin(angle)
        draw.ellipse((x - 40, y - 40, x + 40, y + 40), fill=colours[n % len(colours)])
    draw.ellipse((cx - 300, cy - 160, cx + 300, cy + 160), fill=RED_SOFT, outline=RED, width=8)
    for n in range(seats):
        angle = 2 * math.pi * n / seats
        x, y = cx + 220 * math.cos(angle), cy + 110 * math.sin(angle)
        draw.rectangle((x - 22, y - 15, x + 22, y + 15), fill=PAPER)
    return img


def _answer_sheet():
    img = _gradient(PAPER_DARK, PAPER)
    draw = ImageDraw.Draw(img)
    draw.rectangle((230, 70, 970, 730), fill=(252, 250, 244), outline=INK_SOFT, width=4)
    draw.rectangle((230, 70, 970, 140), fill=RED)
    for row in range(10):
        top = 175 + row * 54
        draw.rectangle((280, top + 6, 310, top + 30), fill=INK)
        chosen = (row * 7 + 3) % 4
        for option in range(4):
            left = 400 + option * 135
            box = (left, top, left + 90, top + 36)
            if option == chosen:
                draw.ellipse(box, fill=RED)
            else:
                draw.ellipse(box, outline=INK_SOFT, width=3)
    return img


def _open_door():
    img = _gradient((236, 230, 214), PAPER_DARK)
    draw = ImageDraw.Draw(img)
    draw.rectangle((300, 200, 900, 690), fill=(214, 200, 176))
    draw.polygon([(250, 200), (600, 80), (950, 200)], fill=INK)
    draw.rectangle((460, 260, 740, 690), fill=(250, 226, 160))
    draw.polygon([(460, 260), (370, 220), (370, 740), (460, 690)], fill=RED)
    draw.polygon([(740, 260), (830, 220), (830, 740), (740, 690)], fill=RED)
    draw.polygon([(460, 690), (740, 690), (1000, HEIGHT), (200, HEIGHT)], fill=PAPER)
    for y in (720, 755):
        draw.line([(330, y), (870, y)], fill=MIST, width=4)
    return img


def _logo():
    size = 256
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.ellipse((8, 8, size - 8, size - 8), fill=RED)
    draw.ellipse((36, 36, size - 36, size - 36), outline=WHITE, width=8)
    # Three wavy strokes of breeze (清风), of different lengths so they read as wind.
    for y, start, end in ((92, 66, 190), (128, 56, 200), (164, 80, 170)):
        wave = [(x, y + 9 * math.sin((x - start) / 18)) for x in range(start, end + 1, 4)]
        draw.line(wave, fill=WHITE, width=10, joint="curve")
    return img


# key: (title, alt text, file name, drawing function). Later runs find images by title.
IMAGES = {
    "mountains": (
        "远山水墨",
        "淡墨画成的层层远山，山顶上方悬着一轮红日",
        "qingfeng-mountains.jpg",
        _mountains,
    ),
    "bamboo": (
        "清风翠竹",
        "浅米色背景上几竿墨绿色竹子挺拔而立，竹叶向两侧伸展",
        "qingfeng-bamboo.jpg",
        _bamboo,
    ),
    "lotus": (
        "出淤泥而不染",
        "水波之上一朵红色荷花盛开，两旁浮着绿色荷叶",
        "qingfeng-lotus.jpg",
        _lotus,
    ),
    "board": (
        "社区宣传栏",
        "立在路边的社区宣传栏，红色横幅下贴着一行行标语",
        "qingfeng-board.jpg",
        _notice_board,
    ),
    "table": (
        "议事圆桌",
        "俯视的红色圆桌，十个座位围成一圈，桌上摆着会议材料",
        "qingfeng-round-table.jpg",
        _round_table,
    ),
    "quiz": (
        "知识竞赛答题卡",
        "一张答题卡，每道题的四个选项中有一个被涂成红色",
        "qingfeng-quiz.jpg",
        _answer_sheet,
    ),
    "door": (
        "敞开的大门",
        "一座敞开红色大门的房子，门内透出暖光，门前是宽阔的道路",
        "qingfeng-open-door.jpg",
        _open_door,
    ),
    "logo": (
        "清风社区标志",
        "红色圆形标志，中间三道白色波纹代表清风",
        "qingfeng-logo.png",
        _logo,
    ),
}


def render_image(key):
    """The picture for `key` encoded as its file name says (JPEG, or PNG for the logo)."""
    _title, _alt, filename, draw = IMAGES[key]
    buffer = io.BytesIO()
    if filename.endswith(".png"):
        draw().save(buffer, "PNG", optimize=True)
    else:
        draw().save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()

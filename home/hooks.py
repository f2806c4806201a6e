"""Extension points that let other apps add to home pages without home importing them."""

from dataclasses import dataclass

from wagtail import hooks

HOME_SECTIONS_HOOK = "qingfeng_home_sections"


def home_sections(request, page):
    """HTML fragments registered by other apps (e.g. upcoming events), in registration order."""
    return [fn(request, page) for fn in hooks.get_hooks(HOME_SECTIONS_HOOK)]


# Apps register a function (cutoffs: home.purge.Cutoffs) -> [home.purge.PurgeKind] that
# declares their kinds of personal data due for removal; manage.py purge_personal_data runs them.
PURGE_HOOK = "qingfeng_purge_personal_data"


# The front page's task tiles (活动报名, 线上答题 …): apps register a function (request, page) ->
# [HomeTask], returning a tile only while it has something to offer. The home page calls them
# inside a cached fragment, so they may query, at a fixed number of queries each.
HOME_TASKS_HOOK = "qingfeng_home_tasks"

# The order residents meet them in, and the icon each one gets (home/includes/tasks_icon.html).
TASK_ORDER = ("events", "quiz", "suggest", "track", "reception", "my_registrations")


@dataclass(frozen=True)
class HomeTask:
    key: str  # one of TASK_ORDER: the tile's place and icon
    label: str
    url: str


def home_tasks(request, page):
    """The tiles of every app, in TASK_ORDER (tiles of keys it does not know come last)."""
    tiles = [tile for fn in hooks.get_hooks(HOME_TASKS_HOOK) for tile in fn(request, page)]
    rank = {key: number for number, key in enumerate(TASK_ORDER)}
    return sorted(tiles, key=lambda tile: rank.get(tile.key, len(rank)))

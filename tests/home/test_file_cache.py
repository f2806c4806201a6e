"""The no-Redis cache in files: a write does not count the folder's files each time, and a
folder past its limit is still trimmed as Django trims it."""

from pathlib import Path

from home import file_cache
from home.file_cache import FileCache


def _files(folder: Path) -> int:
    return len(list(folder.glob("*.djcache")))


def test_writes_between_two_counts_keep_every_entry_and_the_next_count_trims(tmp_path):
    options = {"OPTIONS": {"MAX_ENTRIES": 5, "CULL_FREQUENCY": 2}}
    cache = FileCache(str(tmp_path), options)
    for number in range(20):
        cache.set(f"page-{number}", f"第 {number} 页")
    # One count, at the first write (an empty folder): the others were not slowed by one.
    assert _files(tmp_path) == 20
    assert cache.get("page-19") == "第 19 页" and cache.get("page-0") == "第 0 页"

    # Another process (or this one ten seconds later) counts at its first write: 20 files
    # against 5, half of them go, as Django's own backend would do it.
    FileCache(str(tmp_path), options).set("page-20", "第 20 页")
    assert _files(tmp_path) == 11


def test_the_count_comes_back_after_its_interval(tmp_path, monkeypatch):
    monkeypatch.setattr(file_cache, "CULL_EVERY", 0.0)
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 4, "CULL_FREQUENCY": 0}})
    for number in range(4):
        cache.set(f"page-{number}", number)
    assert _files(tmp_path) == 4
    cache.set("page-4", 4)  # 4 files reach the limit: CULL_FREQUENCY 0 empties the folder first
    assert _files(tmp_path) == 1 and cache.get("page-4") == 4

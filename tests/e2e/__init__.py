"""Residents' journeys in Debian's Chromium, driven by Playwright."""


def no_sideways_scroll(page):
    """The page fits the phone's width: nothing to scroll sideways to."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

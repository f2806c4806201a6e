"""What every walked answer must be: no server error, and a page a person reads is Chinese."""

import re
from urllib.parse import urlsplit

HAN = re.compile(r"[\u4e00-\u9fff]")


def problem(response, url):
    """None when the answer is fine, else a line saying what is wrong with it."""
    status = response.status_code
    if status >= 500:
        return f"{status} {url}"
    body = b"".join(response) if response.streaming else response.content
    is_html = response.get("Content-Type", "").startswith("text/html")
    if 400 <= status < 500 and is_html and body.strip():
        html = body.decode("utf-8", "replace")
        if 'lang="zh-Hans"' not in html or not HAN.search(html):
            return f"{status} {url}: not a Chinese page: {html[:200]!r}"
    if 300 <= status < 400:
        location = response["Location"]
        parts = urlsplit(location)
        if parts.scheme or parts.netloc:
            return f"{status} {url}: leaves the site for {location!r}"
    return None


def answer(client, url, method="get", **kwargs):
    """The request's problem, if any; a redirect is followed once, as a browser would."""
    response = getattr(client, method)(url, **kwargs)
    found = problem(response, url)
    if found is None and 300 <= response.status_code < 400:
        target = response["Location"]
        found = problem(client.get(target), f"{target} (after {method.upper()} {url})")
    return found


def assert_none(problems):
    """Fails with every problem found, one a line."""
    found = [line for line in problems if line]
    assert not found, f"{len(found)} problems:\n" + "\n".join(found)

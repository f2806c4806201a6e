"""What the discussions tests of more than one room share."""


def warm(client, url):
    assert client.get(url).status_code == 200

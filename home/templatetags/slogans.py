from django import template

from home import slogans

register = template.Library()


@register.simple_tag
def slogan_of_the_day():
    """Today's slogan (Asia/Shanghai), the same for everyone: {pk, text, source} or None."""
    return slogans.slogan_of_the_day()

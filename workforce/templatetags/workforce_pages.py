from django import template

from workforce import rules

register = template.Library()


@register.filter
def percent(fraction):
    """0.755 -> '75.5%', exactly: a rounded figure would blur the test against the policy's minimum."""
    return "" if fraction is None else rules.percent(fraction)

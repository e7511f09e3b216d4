"""Placeholder."""


def generate(gen):
    return {}

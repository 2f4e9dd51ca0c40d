# `scrapyd-deploy` builds its egg with `python setup.py bdist_egg`; all metadata is in
# pyproject.toml, this file only gives that command something to run.
from setuptools import setup

setup()

"""Where each item field is decided: one module per field, each read top to bottom as its chain.

Every module has ``resolve(page)`` giving the field's value for an
:class:`~newscrawler.extraction.anatomy.ArticlePage` and noting the step that decided it. The chain
is the same for every field: the site profile's selector, then the portal's learned template,
then the listing evidence, then the family preset's selector, then the generic chain (docs/design.md
§7). The headline (:mod:`.title`) and the article region (:mod:`.body`) are also steps other fields
use; the page's anatomy computes them once through ``locate`` here.
"""

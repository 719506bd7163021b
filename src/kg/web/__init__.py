"""The web app for planners: server-rendered pages (Jinja2) over the same store and
queries as the API.

One module per page builds what the page shows as a typed view (dataclasses, no HTML):
``home`` (and the sources list), ``entity``, ``source``, ``chain``, ``match``, ``search``,
``review``, ``imports``; ``resource`` picks the page of an IRI. ``choices`` are the forms'
options, ``links`` the links a page makes, ``i18n`` the page language (the words are
:mod:`kg.messages`'), ``render`` the one Jinja2 environment, ``warm`` what the pages read
once per store version. The handlers in :mod:`kg.api.routes.pages` parse, build and render.
"""

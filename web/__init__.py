"""tilshi's web front end: a local review page and JSON API over the translate library.

``tilshi serve`` builds the app with :func:`web.app.create_app`. Like the CLI,
this package words every message itself; the library below it never imports it.
"""

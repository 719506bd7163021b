"""The web app for planners: server-rendered pages (Jinja2) over the same store and
queries as the API."""

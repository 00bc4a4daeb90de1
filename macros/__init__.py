"""The project's Python: the data layer (model/), what turns data into HTML and files (render/), the macros pages call
(page_macros.py) and the site's MkDocs plugin (plugin/, `esg` in mkdocs.yml).

Why this file is nearly empty: mkdocs-macros imports the package `macros` and calls `define_env`; importing the
data layer (`macros.model`) must not import MkDocs, so MkDocs is imported only when a build calls in.
"""


def define_env(env):
    from .page_macros import define_env as define

    define(env)


def on_post_build(env):
    from .page_macros import on_post_build as post_build

    post_build(env)

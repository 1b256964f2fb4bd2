"""Small fixes to what jupyter-book 1.0.4 puts in every page.

- The inline sphinx-thebe and sphinx-togglebutton configuration scripts are added twice; the
  second thebe copy throws "Identifier 'THEBE_JS_URL' has already been declared". Drop repeats.
- sphinx-book-theme leaves the colour mode empty, so the theme's script logs "Got invalid theme
  mode" on a first visit; start in "auto" (follow the reader's light or dark setting).
"""


def _fix_page(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files") or []
    seen, unique = set(), []
    for script in scripts:
        attributes = getattr(script, "attributes", {}) or {}
        key = (getattr(script, "filename", script) or "", attributes.get("body") or "")
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique
    if not context.get("default_mode"):
        context["default_mode"] = "auto"


def setup(app):
    app.connect("html-page-context", _fix_page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

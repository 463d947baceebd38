"""The content-health loop: what readers' signals ask of editors.

- ``sections``: an article's table-of-contents sections, and the body block each heading is in
  (a reader's "Which part?" and the page comment anchored to it).
- ``page_comments``: a reader's feedback made a Wagtail page comment by the editor who clicks.
- ``attention``: how much each article needs an editor, and why, in words.
- ``trends``: helpfulness and views per week, drawn as a small inline SVG.
- ``digest``: the weekly e-mail to each article owner (``manage.py kb_send_digest``).
"""

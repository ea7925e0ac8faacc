"""The demo: a sample news site (our own writing) that embeds the comment section from another origin.

`articles.json` holds the articles, `seed.json` the seeded discussion, `article.html` the page
template; `site` serves them and `seed` loads the discussion through the comment service.
"""

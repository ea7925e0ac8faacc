"""The demo news site: article pages that embed the widget from the comment server's origin.

It is served on a second origin (by default http://127.0.0.1:8001) so that the demo shows the
cross-origin embedding a publisher gets: the page loads `embed.js` from the Civility server.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from html import escape
from importlib import resources
from string import Template
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

HOME_SLUG = "world/drone-strike-eastern-syria"


@dataclass(frozen=True)
class Article:
    """One article of the demo site."""

    slug: str
    section: str
    title: str
    standfirst: str
    byline: str
    dateline: str
    published: str
    updated: str
    figure_caption: str
    body: tuple[str, ...]
    related: tuple[str, ...]


def _read(name: str) -> str:
    return resources.files("civility.demo").joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def catalogue() -> tuple[str, dict[str, Article]]:
    """The site's name and its articles by slug (read once from the package)."""
    data: dict[str, Any] = json.loads(_read("articles.json"))
    articles = {}
    for item in data["articles"]:
        item = dict(item, body=tuple(item["body"]), related=tuple(item["related"]))
        articles[item["slug"]] = Article(**item)
    return str(data["site_name"]), articles


def thread_key(slug: str) -> str:
    """The thread key an article's page passes in data-thread."""
    return "article:" + slug


def render_article(article: Article, *, site: str, api_url: str, page_url: str) -> str:
    """The HTML of one article page, embedding the thread and the trending widget."""
    site_name, articles = catalogue()
    paragraphs = []
    for index, text in enumerate(article.body):
        prefix = ""
        if index == 0 and article.dateline:
            prefix = f'<span class="dateline">{escape(article.dateline)}</span> — '
        paragraphs.append(f"<p>{prefix}{escape(text)}</p>")
    related = "".join(
        f'<li><span><a href="/{escape(slug)}">{escape(articles[slug].title)}</a>'
        f'<span class="section">{escape(articles[slug].section)}</span></span></li>'
        for slug in article.related
        if slug in articles
    )
    figure = ""
    if article.figure_caption:
        caption = escape(article.figure_caption)
        figure = f"<figure>{_read('figure.svg')}<figcaption>{caption}</figcaption></figure>"
    return Template(_read("article.html")).substitute(
        title=escape(article.title),
        site_name=escape(site_name),
        canonical=escape(page_url),
        today=escape(datetime.now(UTC).strftime("%A %d %B %Y")),
        embed_src=escape(api_url.rstrip("/") + "/embed.js"),
        site=escape(site),
        thread_key=escape(thread_key(article.slug)),
        section=escape(article.section),
        standfirst=escape(article.standfirst),
        byline=escape(article.byline),
        published=escape(article.published),
        updated=escape(article.updated),
        figure=figure,
        body="\n      ".join(paragraphs),
        related=related,
    )


def create_article_site(*, site: str, api_url: str) -> Starlette:
    """The demo news site as an ASGI app; `api_url` is where the comment server answers."""

    async def home(_request: Request) -> Response:
        return RedirectResponse("/" + HOME_SLUG, status_code=302)

    async def article(request: Request) -> Response:
        slug = request.path_params["slug"].strip("/")
        found = catalogue()[1].get(slug)
        if found is None:
            return HTMLResponse("<!doctype html><title>Not found</title><p>No such article.</p>", 404)
        page_url = str(request.base_url).rstrip("/") + "/" + slug
        return HTMLResponse(render_article(found, site=site, api_url=api_url, page_url=page_url))

    return Starlette(routes=[Route("/", home), Route("/{slug:path}", article)])

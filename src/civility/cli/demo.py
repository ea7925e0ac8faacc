"""`civility demo`: a sample news article with a lively comment section, on SQLite in a temporary folder.

Two origins, as a publisher would have them: the comment server (API and embed.js) on --port and
the news site that embeds it on --article-port. Ctrl-C stops both and deletes the database.
"""

from __future__ import annotations

import secrets
import socket
import tempfile
import threading
from pathlib import Path

import click

from civility.settings import SiteSettings, load_settings

DEMO_SITE = "demo"
DEMO_MODERATOR = "moderator@example.org"


def _require_free(host: str, port: int, option: str) -> None:
    """Fail early, naming the option, when a port is taken (before seeding anything)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as error:
            raise click.BadParameter(
                f"{host}:{port} is not available ({error.strerror}); choose another port", param_hint=option
            ) from error


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address both servers listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port of the comment server (API and embed.js).")
@click.option("--article-port", default=8001, show_default=True, type=click.IntRange(1, 65535),
              help="Port of the sample news site, a second origin that embeds the comments.")
def demo(host: str, port: int, article_port: int) -> None:
    """Serve a sample news article with a seeded comment section and trending widget."""
    if port == article_port:
        raise click.BadParameter("must differ from --port: the article is served from a second origin",
                                 param_hint="--article-port")
    _require_free(host, port, "--port")
    _require_free(host, article_port, "--article-port")
    import uvicorn
    from starlette.responses import RedirectResponse

    from civility.demo.seed import seed_demo
    from civility.demo.site import HOME_SLUG, create_article_site
    from civility.storage.database import Database
    from civility.storage.migrate import upgrade
    from civility.storage.staff_tables import Role
    from civility.web.app import create_app

    api_url = f"http://{host}:{port}"
    article_url = f"http://{host}:{article_port}"
    with tempfile.TemporaryDirectory(prefix="civility-demo-") as folder:
        database_url = f"sqlite:///{Path(folder) / 'civility.db'}"
        site = SiteSettings(
            name="The Daily Example",
            allowed_origins=[article_url, f"http://localhost:{article_port}", f"http://127.0.0.1:{article_port}"],
        )
        # The demo's own database and site win over any CIVILITY_* variables of the shell.
        settings = load_settings().model_copy(update={
            "database_url": database_url, "host": host, "port": port, "public_url": api_url,
            "sites": {DEMO_SITE: site},
        })
        database = Database(database_url)
        upgrade(database)
        app = create_app(settings, database=database)
        summary = seed_demo(app.state.comments, DEMO_SITE, article_url)
        # A moderator of the demo site, with a fresh password each run (printed below).
        moderator_password = secrets.token_urlsafe(12)
        app.state.accounts.add_user(DEMO_MODERATOR, moderator_password, roles={DEMO_SITE: Role.MODERATOR})
        home = f"{article_url}/{HOME_SLUG}"

        @app.get("/", include_in_schema=False)
        async def to_the_article() -> RedirectResponse:
            return RedirectResponse(home, status_code=302)

        article_server = uvicorn.Server(uvicorn.Config(
            create_article_site(site=DEMO_SITE, api_url=api_url), host=host, port=article_port,
            log_level="warning", lifespan="off",
        ))
        api_server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
        articles = threading.Thread(target=article_server.run, name="demo-article-site", daemon=True)
        articles.start()
        click.echo(f"Seeded {summary.comments} comments and {summary.votes} votes "
                   f"in {summary.threads} threads.")
        click.echo(f"For moderators: {summary.held} held, {summary.rejected} rejected and "
                   f"{summary.reported} reported comment(s) on the front-page article.")
        click.echo(f"Comment server (API, embed.js):  {api_url}/   (OpenAPI: {api_url}/openapi.json)")
        click.echo(f"News article embedding it:       {home}")
        click.echo(f"Moderator dashboard:             {api_url}/dashboard")
        click.echo(f"  sign in as {DEMO_MODERATOR} with password {moderator_password}")
        click.echo("Press Ctrl-C to stop both.")
        try:
            api_server.run()
        except KeyboardInterrupt:
            pass
        finally:
            article_server.should_exit = True
            articles.join(timeout=10)
            database.dispose()
        click.echo("Demo stopped; its temporary database is deleted.")

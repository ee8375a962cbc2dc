"""``push`` against a fake WordPress (httpx.MockTransport): behaviour that needs no server."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from .conftest import PASSWORD, FakeWordPress, configure

LANTERN = Path("reviews/anime/lantern-circuit.md")
BOOK = Path("reviews/book/a-map-of-quiet-harbours.md")
GOOD = [
    "anime/lantern-circuit.md",
    "book/a-map-of-quiet-harbours.md",
    "film/the-salt-archive.md",
    "game/tidewright.md",
]
REFUSED = "tv/northbound-signal.md"  # the example with error-severity lint findings


def snapshot_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_push_creates_posts_with_blocks_terms_and_media(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    before = (wp_archive / LANTERN).read_bytes()
    result = invoke("push", wp_archive / "reviews")
    assert result.exit_code == 1, result.stderr  # one review refused, the rest pushed
    assert f"{REFUSED}:" in result.stderr and "--force" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert len(fake_wp.posts) == 4
    post = next(p for p in fake_wp.posts.values() if p["slug"] == "lantern-circuit")
    assert post["title"] == "Anime Review: Lantern Circuit"
    assert post["status"] == "publish" and post["date"] == "2026-10-02T00:00:00"
    assert post["excerpt"].startswith("Lantern Circuit is Studio Kestrel's first original")
    assert post["excerpt"].endswith("with room to spare.")
    assert "ferry" not in post["excerpt"]  # nothing from below the cut
    content = post["content"]
    assert content.count("<!--more-->") == 1
    assert (
        '<p class="spoiler-warning">Spoilers below the cut.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:more -->'
        in content
    )
    (media,) = [m for m in fake_wp.media.values() if m["slug"].startswith("night-ferry-")]
    assert (
        fake_wp.blobs[media["id"]]
        == (wp_archive / "reviews/anime/images/night-ferry.jpg").read_bytes()
    )
    assert f'<!-- wp:image {{"id":{media["id"]}}} -->' in content
    assert f'src="{media["source_url"]}"' in content
    assert {fake_wp.terms["categories"][i] for i in post["categories"]} == {"Anime"}
    assert [fake_wp.terms["tags"][i] for i in post["tags"]] == ["anime", "sci-fi", "original"]
    draft = next(p for p in fake_wp.posts.values() if p["slug"] == "a-map-of-quiet-harbours")
    assert draft["status"] == "draft"
    # wp_id and the post's slug went into the front matter, and no other byte changed
    after = (wp_archive / LANTERN).read_bytes()
    added = f"---\nwp_id: {post['id']}\nwp_slug: {post['slug']}\n".encode()
    assert after == before.replace(b"---\n", added, 1)
    assert f"created post {post['id']} (publish)" in result.stdout


def test_push_again_updates_the_same_post_and_uploads_nothing(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    assert invoke("push", wp_archive / LANTERN).exit_code == 0
    (post_id,) = fake_wp.posts
    path = wp_archive / LANTERN
    path.write_text(
        path.read_text(encoding="utf-8").replace("quiet science", "hushed science"),
        encoding="utf-8",
    )
    fake_wp.requests.clear()
    result = invoke("push", path)
    assert result.exit_code == 0, result.stderr
    assert list(fake_wp.posts) == [post_id]
    assert "hushed science" in fake_wp.posts[post_id]["content"]
    assert ("POST", "/wp/v2/media") not in fake_wp.requests
    assert fake_wp.writes() == [("POST", f"/wp/v2/posts/{post_id}")]
    assert f"updated post {post_id}" in result.stdout and "1 already there" in result.stdout
    # pushed again as it is: nothing sent, so the post's "modified" date stays
    fake_wp.requests.clear()
    same = invoke("push", path)
    assert same.exit_code == 0, same.stderr
    assert fake_wp.writes() == [] and f"unchanged post {post_id}" in same.stdout
    # changed on the site since: the review's text goes back
    fake_wp.posts[post_id]["content"] += "<p>Edited on the site.</p>"
    assert invoke("push", path).exit_code == 0
    assert "Edited on the site" not in fake_wp.posts[post_id]["content"]


def test_dry_run_writes_nothing_anywhere(invoke, wp_archive: Path, fake_wp: FakeWordPress) -> None:  # type: ignore[no-untyped-def]
    before = snapshot_files(wp_archive)
    result = invoke("push", "--dry-run", wp_archive / "reviews")
    assert result.exit_code == 1  # the refused example
    assert fake_wp.writes() == []
    assert snapshot_files(wp_archive) == before
    assert "would create a post (publish)" in result.stdout
    assert "1 image to upload" in result.stdout and "to create: category Anime" in result.stdout


def test_force_pushes_a_review_with_lint_errors(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    result = invoke("push", "--force", wp_archive / "reviews" / REFUSED)
    assert result.exit_code == 0, result.stderr
    assert len(fake_wp.posts) == 1


@pytest.mark.parametrize(
    "key", ["image: images/night-ferry.jpg", "featuredImage: images/night-ferry.jpg"]
)
def test_featured_image_from_the_front_matter(
    invoke, wp_archive: Path, fake_wp: FakeWordPress, key: str
) -> None:  # type: ignore[no-untyped-def]
    path = wp_archive / LANTERN
    path.write_text(
        path.read_text(encoding="utf-8").replace("---\n", f"---\n{key}\n", 1),
        encoding="utf-8",
    )
    assert invoke("push", path).exit_code == 0
    (post,) = fake_wp.posts.values()
    (media_id,) = fake_wp.media
    assert post["featured_media"] == media_id  # the same upload as the body's picture


def test_a_picture_outside_the_archive_is_pushed_without_its_address(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    """As export: the warning says "published without it", and the post holds no path that
    names the author's folders."""
    outside = wp_archive.parent / "juniper-private" / "holiday.jpg"
    outside.parent.mkdir()
    outside.write_bytes((wp_archive / "reviews/anime/images/night-ferry.jpg").read_bytes())
    path = wp_archive / LANTERN
    path.write_text(
        path.read_text(encoding="utf-8") + "\n![holiday](../../../juniper-private/holiday.jpg)\n",
        encoding="utf-8",
    )
    result = invoke("push", "--force", path)  # a line after the footer: a lint finding
    assert result.exit_code == 0, result.stderr
    assert "outside the archive, published without it" in result.stderr
    (post,) = fake_wp.posts.values()
    assert "juniper-private" not in post["content"]
    assert len(fake_wp.media) == 1  # the body's own picture, and not the private one


def test_a_term_wordpress_keeps_escaped_is_found_again_on_the_next_push(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    """WordPress keeps "Rock &amp; Roll" and one space for two: the next push of any review
    with the tag reuses it, where creating it again is refused."""
    path = wp_archive / LANTERN
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("tags: [", 'tags: ["Rock & Roll", "A > B", "  spaced  tag ", ', 1),
        encoding="utf-8",
    )
    assert "Rock & Roll" in path.read_text(encoding="utf-8")
    first = invoke("push", path)
    assert first.exit_code == 0, first.stderr
    again = invoke("push", path)
    assert again.exit_code == 0, again.stderr
    assert sorted(fake_wp.terms["tags"].values()) == sorted(
        ["anime", "sci-fi", "original", "Rock &amp; Roll", "A &gt; B", "spaced tag"]
    )


def test_a_first_push_names_lines_as_the_file_now_numbers_them_and_says_what_it_wrote(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    """wp_id and wp_slug go in above the body: a warning about the body names the line the
    author finds it on afterwards; a later change of the slug alone is said too."""
    path = wp_archive / LANTERN
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "\n<!--more-->\n", "\n<!--more-->\n\nMy [notes](file:///home/kit/n.txt).\n", 1
        ),
        encoding="utf-8",
    )
    result = invoke("push", path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.rstrip().endswith("; wp_id, wp_slug written]")
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "file:///home/kit" in text)
    assert f"lantern-circuit.md:{line}: a link to a file on this computer" in result.stderr
    path.write_text(
        path.read_text(encoding="utf-8").replace("---\n", "---\nslug: lantern-renamed\n", 1),
        encoding="utf-8",
    )
    renamed = invoke("push", path)
    assert renamed.exit_code == 0, renamed.stderr
    assert "[1 already there; wp_slug written]" in renamed.stdout


def test_a_pushed_post_keeps_its_address_when_its_file_is_renamed(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    """A permalink moves only when the review asks (a ``slug``): not when the file is
    renamed, nor when a newer reviewctl names files another way (a date before the name)."""
    path = wp_archive / LANTERN
    assert invoke("push", path).exit_code == 0
    ((post_id, post),) = fake_wp.posts.items()
    renamed = path.with_name("2026-10-02-renamed.md")
    path.rename(renamed)
    assert invoke("push", renamed).exit_code == 0
    assert post["slug"] == "lantern-circuit" and list(fake_wp.posts) == [post_id]
    renamed.write_text(
        renamed.read_text(encoding="utf-8").replace("---\n", "---\nslug: lantern\n", 1),
        encoding="utf-8",
    )
    assert invoke("push", renamed).exit_code == 0
    assert post["slug"] == "lantern"


def test_wrong_password_is_one_line_and_exit_2(
    invoke, wp_archive: Path, fake_wp: FakeWordPress, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("REVIEWCTL_WP_PASSWORD", "wrong password here")
    before = snapshot_files(wp_archive)
    result = invoke("push", wp_archive / "reviews")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "401" in result.stderr
    assert "wrong user (juniper) or Application Password" in result.stderr
    assert "wrong password here" not in result.stderr + result.stdout
    assert fake_wp.writes() == [] and snapshot_files(wp_archive) == before


def test_unreachable_site_is_one_line_and_exit_2(
    invoke, wp_archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import reviewctl.wpsite

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    monkeypatch.setattr(reviewctl.wpsite, "default_transport", lambda: httpx.MockTransport(refuse))
    result = invoke("push", wp_archive / "reviews")
    assert result.exit_code == 2
    assert (
        result.stderr
        == "error: cannot reach https://blog.example: [Errno 111] Connection refused\n"
    )


def test_rest_api_disabled(invoke, wp_archive: Path, fake_wp: FakeWordPress) -> None:  # type: ignore[no-untyped-def]
    fake_wp.fail["GET", "/wp/v2/users/me"] = httpx.Response(200, html="<html>a theme page</html>")
    result = invoke("push", wp_archive / LANTERN)
    assert result.exit_code == 2
    assert "REST API" in result.stderr and result.stderr.count("\n") == 1


def test_a_user_that_is_no_object_is_one_line_and_exit_2(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    fake_wp.fail["GET", "/wp/v2/users/me"] = httpx.Response(200, json=[1, 2, 3])
    result = invoke("push", wp_archive / LANTERN)
    assert result.exit_code == 2, result.stderr
    assert "did not answer as WordPress's REST API" in result.stderr
    assert result.stderr.count("\n") == 1 and fake_wp.writes() == []


@pytest.mark.parametrize("route", ["/wp/v2/media", "/wp/v2/categories", "/wp/v2/tags"])
def test_a_search_answered_with_no_objects_finds_nothing(  # type: ignore[no-untyped-def]
    invoke, wp_archive: Path, fake_wp: FakeWordPress, route: str
) -> None:
    """A list of other things than objects matches nothing: the push makes its own."""
    fake_wp.fail["GET", route] = httpx.Response(200, json=[1, "two", None])
    result = invoke("push", wp_archive / LANTERN)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.output


def test_a_term_that_cannot_be_made_fails_that_review_only(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    fake_wp.terms["categories"][3] = "Anime"  # the others need new categories
    fake_wp.fail["POST", "/wp/v2/categories"] = httpx.Response(
        403,
        json={
            "code": "rest_cannot_create",
            "message": "Sorry, you are not allowed to create terms in this taxonomy.",
        },
    )
    result = invoke("push", *(wp_archive / "reviews" / g for g in GOOD))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3  # book, film, game
    assert "cannot create the category 'Books': 403 Forbidden" in result.stderr
    assert "not allowed to create terms" in result.stderr
    assert "no post made (uploaded reading-room-" in result.stderr  # what the failure left
    assert [p["slug"] for p in fake_wp.posts.values()] == ["lantern-circuit"]


def test_a_failure_of_the_post_itself_is_unsure_and_the_next_push_reuses_the_uploads(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    fake_wp.fail["POST", "/wp/v2/posts"] = httpx.Response(
        500, json={"code": "db_error", "message": "Database went away"}
    )
    before = (wp_archive / LANTERN).read_bytes()
    result = invoke("push", wp_archive / LANTERN)
    assert result.exit_code == 2
    assert (
        "the site failed with HTTP 500" in result.stderr and "Database went away" in result.stderr
    )
    # WordPress may have saved the post before it failed (a fatal error in a later hook)
    assert "the post may have been made all the same: look on the site" in result.stderr
    assert "no post made" not in result.stderr
    assert fake_wp.posts == {} and (wp_archive / LANTERN).read_bytes() == before
    del fake_wp.fail["POST", "/wp/v2/posts"]
    fake_wp.requests.clear()
    assert invoke("push", wp_archive / LANTERN).exit_code == 0
    assert ("POST", "/wp/v2/media") not in fake_wp.requests and len(fake_wp.media) == 1


def test_wp_id_of_a_missing_post(invoke, wp_archive: Path, fake_wp: FakeWordPress) -> None:  # type: ignore[no-untyped-def]
    path = wp_archive / LANTERN
    path.write_text(
        path.read_text(encoding="utf-8").replace("---\n", "---\nwp_id: 999\n", 1), encoding="utf-8"
    )
    result = invoke("push", path)
    assert result.exit_code == 2
    assert "wp_id 999: the site has no such post" in result.stderr
    assert fake_wp.writes() == []


def test_a_post_in_the_trash_is_not_taken_out_of_it(  # type: ignore[no-untyped-def]
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:
    """The author trashed the post on the site: push says so, and does not publish it again."""
    path = wp_archive / LANTERN
    assert invoke("push", path).exit_code == 0
    ((post_id, post),) = fake_wp.posts.items()
    post["status"] = "trash"
    fake_wp.requests.clear()
    result = invoke("push", path)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert f"wp_id {post_id}: the post is in the site's Trash" in result.stderr
    assert fake_wp.writes() == [] and post["status"] == "trash"


def test_a_dropped_connection_is_retried_once(wp_archive: Path, fake_wp: FakeWordPress) -> None:
    from reviewctl.wpsite import Site

    calls = []

    def flaky(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            raise httpx.RemoteProtocolError("Server disconnected", request=request)
        return fake_wp.handler(request)

    with Site(
        "https://blog.example", fake_wp.user, PASSWORD, transport=httpx.MockTransport(flaky)
    ) as site:
        assert site.me() == fake_wp.user
    assert len(calls) == 2


def test_settings_and_password_come_from_where_they_should(
    invoke, examples: Path, fake_wp: FakeWordPress, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    result = invoke("push", examples / LANTERN)
    assert result.exit_code == 2 and "[wordpress] url and user" in result.stderr
    config = examples / "reviewctl.toml"
    plain = config.read_text(encoding="utf-8")
    configure(examples, "http://blog.example", "juniper")
    result = invoke("push", examples / LANTERN)
    assert result.exit_code == 2 and "use https://" in result.stderr
    config.write_text(
        plain + '\n[wordpress]\nurl = "https://blog.example"\nuser = "j"\npassword = "x"\n',
        encoding="utf-8",
    )
    result = invoke("push", examples / LANTERN)
    assert result.exit_code == 2 and "REVIEWCTL_WP_PASSWORD" in result.stderr
    config.write_text(plain, encoding="utf-8")
    configure(examples, "https://blog.example", "juniper")
    monkeypatch.delenv("REVIEWCTL_WP_PASSWORD")
    result = invoke("push", examples / LANTERN)
    assert result.exit_code == 2 and "set REVIEWCTL_WP_PASSWORD" in result.stderr
    assert fake_wp.requests == []


def test_a_review_saved_during_its_push_keeps_the_save(  # type: ignore[no-untyped-def]
    invoke, wp_archive: Path, fake_wp: FakeWordPress, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The post is made; the save made while it was sent is not overwritten by the
    front matter's wp_id (the author is told to add it)."""
    path = wp_archive / LANTERN
    handle = fake_wp.handler

    def slow_site(request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and "/wp/v2/posts" in request.url.params.get("rest_route", ""):
            path.write_bytes(path.read_bytes() + b"\nSaved during the push.\n")
        return handle(request)

    monkeypatch.setattr(fake_wp, "handler", slow_site)
    result = invoke("push", path)
    assert path.read_bytes().endswith(b"\nSaved during the push.\n")
    assert b"wp_id" not in path.read_bytes()
    (post,) = fake_wp.posts.values()
    assert f"add 'wp_id: {post['id']}' to the front matter" in result.stderr
    assert "changed on disk while reviewctl worked on it" in result.stderr

"""``push`` of what ``import wordpress`` writes, and of sites that answer oddly: nothing on the
live site is changed that the archive does not say, and every failure is one line."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from .conftest import FakeWordPress, configure

LANTERN = Path("reviews/anime/lantern-circuit.md")


def with_front_matter(path: Path, *lines: str) -> Path:
    """``path`` with ``lines`` added at the top of its front matter."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", "---\n" + "".join(f"{x}\n" for x in lines), 1), "utf-8")
    return path


def replace_in(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def existing_post(fake: FakeWordPress, **fields: object) -> int:
    """A post already on the site (as an imported review's ``wp_id`` names one)."""
    post_id = next(fake.ids)
    fake.posts[post_id] = {"id": post_id, "link": f"https://blog.example/?p={post_id}", **fields}
    return post_id


def test_the_featured_image_is_left_alone_unless_a_local_image_sets_it(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    post_id = existing_post(fake_wp, status="publish", featured_media=77)
    remote = "https://blog.example/wp-content/uploads/2024/03/rouge.jpg"  # as import writes it
    path = with_front_matter(wp_archive / LANTERN, f"wp_id: {post_id}", f"image: {remote}")
    result = invoke("push", path)
    assert result.exit_code == 0, result.stderr
    assert fake_wp.posts[post_id]["featured_media"] == 77
    assert "featured image is left as it is" in result.stderr
    replace_in(path, f"image: {remote}\n", "")
    assert invoke("push", path).exit_code == 0
    assert fake_wp.posts[post_id]["featured_media"] == 77


@pytest.mark.parametrize("kept", ["private", "pending", "future"])
def test_a_status_the_import_kept_goes_back(
    invoke, wp_archive: Path, fake_wp: FakeWordPress, kept: str
) -> None:  # type: ignore[no-untyped-def]
    post_id = existing_post(fake_wp, status="draft")
    path = replace_in(wp_archive / LANTERN, "status: published", "status: draft")
    with_front_matter(path, f"wp_id: {post_id}", f"wp_status: {kept}")
    assert invoke("push", "--force", path).exit_code == 0
    assert fake_wp.sent[-1]["status"] == kept and fake_wp.posts[post_id]["status"] == kept


def test_a_password_protected_post_stays_protected(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    post_id = existing_post(fake_wp, status="publish", password="hunter2")
    path = replace_in(wp_archive / LANTERN, "status: published", "status: draft")
    with_front_matter(path, f"wp_id: {post_id}", "wp_status: publish")
    result = invoke("push", "--force", path)
    assert result.exit_code == 0, result.stderr
    post = fake_wp.posts[post_id]
    assert "status" not in fake_wp.sent[-1] and "password" not in fake_wp.sent[-1]
    assert post["status"] == "publish" and post["password"] == "hunter2"
    # to a site without it, the post is made a draft: never published without its password
    replace_in(path, f"wp_id: {post_id}\n", "")
    result = invoke("push", "--force", path)
    assert result.exit_code == 0, result.stderr
    (new,) = (p for p in fake_wp.posts.values() if p["id"] != post_id)
    assert new["status"] == "draft" and "password-protected" in result.stderr


def test_every_category_time_of_day_and_slug_as_written(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    path = replace_in(wp_archive / LANTERN, "date: 2026-10-02", "date: 2026-10-02 10:30:00")
    with_front_matter(path, "categories: [Anime, Classic, Template]", "slug: обзор-дюна")
    result = invoke("push", path)
    assert result.exit_code == 0, result.stderr
    (post,) = fake_wp.posts.values()
    names = {fake_wp.terms["categories"][i] for i in post["categories"]}
    assert names == {"Anime", "Classic", "Template"}
    assert post["date"] == "2026-10-02T10:30:00"
    assert post["slug"] == "обзор-дюна"  # WordPress encodes it as it encoded the original
    replace_in(path, "date: 2026-10-02 10:30:00", "date: 2026-10-02T10:30:00+02:00")
    assert invoke("push", path).exit_code == 0
    assert post["date_gmt"] == "2026-10-02T08:30:00"


def test_a_page_is_pushed_as_a_page(invoke, wp_archive: Path, fake_wp: FakeWordPress) -> None:  # type: ignore[no-untyped-def]
    page_id = next(fake_wp.ids)
    fake_wp.pages[page_id] = {"id": page_id, "link": "https://blog.example/about/"}
    path = with_front_matter(wp_archive / LANTERN, f"wp_id: {page_id}", "type: page")
    result = invoke("push", path)
    assert result.exit_code == 0, result.stderr
    assert fake_wp.posts == {}
    assert ("POST", f"/wp/v2/pages/{page_id}") in fake_wp.writes()
    assert "categories" not in fake_wp.pages[page_id] and "tags" not in fake_wp.pages[page_id]


def test_links_to_local_files_are_warned_about(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    path = replace_in(
        wp_archive / LANTERN,
        "## Verdict",
        "See [my notes](file:///home/juniper/notes.txt) and [the draft](../tv/next.md).\n\n"
        "## Verdict",
    )
    result = invoke("push", path)
    assert result.exit_code == 0, result.stderr
    warned = "a link to a file on this computer, published without its address: "
    assert warned + "file:///home/juniper/notes.txt" in result.stderr
    assert "home/juniper" not in str(fake_wp.posts)  # nothing of the author's computer
    assert "a link to a Markdown file" in result.stderr and "../tv/next.md" in result.stderr


def test_an_image_with_a_name_beyond_ascii_is_uploaded(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    folder = wp_archive / "reviews/anime/images"
    (folder / "café still.jpg").write_bytes((folder / "night-ferry.jpg").read_bytes() + b"\0")
    path = replace_in(
        wp_archive / LANTERN,
        "## Verdict",
        "![The café](images/caf%C3%A9%20still.jpg)\n\n## Verdict",
    )
    result = invoke("push", path)
    assert result.exit_code == 0, result.stderr
    assert any(m["slug"].startswith("cafe-still-") for m in fake_wp.media.values())


def test_a_site_that_redirects_is_one_line(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    moved = httpx.Response(301, headers={"location": "https://www.blog.example/"})
    fake_wp.fail["GET", "/wp/v2/users/me"] = moved
    result = invoke("push", wp_archive / LANTERN)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "redirects" in result.stderr and "https://www.blog.example/" in result.stderr
    assert fake_wp.writes() == []


def test_an_answer_that_is_not_a_post_is_one_line(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    fake_wp.fail["POST", "/wp/v2/posts"] = httpx.Response(200, json=[{"id": 1}, {"id": 2}])
    result = invoke("push", wp_archive / LANTERN)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "other than a WordPress object" in result.stderr
    assert "may have been made" in result.stderr


def test_no_answer_to_the_post_itself_says_it_may_exist(
    invoke, wp_archive: Path, fake_wp: FakeWordPress, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import reviewctl.wpsite

    def slow(request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.params.get("rest_route") == "/wp/v2/posts":
            fake_wp.handler(request)  # the site makes the post, but the answer never comes
            raise httpx.ReadTimeout("timed out", request=request)
        return fake_wp.handler(request)

    monkeypatch.setattr(reviewctl.wpsite, "default_transport", lambda: httpx.MockTransport(slow))
    result = invoke("push", wp_archive / LANTERN)
    assert result.exit_code == 2
    assert "did not answer" in result.stderr and "may have been made" in result.stderr
    assert "no post made" not in result.stderr
    assert len(fake_wp.posts) == 1


def test_no_answer_to_an_update_says_pushing_again_is_safe(
    invoke, wp_archive: Path, fake_wp: FakeWordPress, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import reviewctl.wpsite

    post_id = existing_post(fake_wp, status="publish")
    path = with_front_matter(wp_archive / LANTERN, f"wp_id: {post_id}")

    def slow(request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and "/wp/v2/posts/" in request.url.params.get("rest_route", ""):
            raise httpx.ReadTimeout("timed out", request=request)
        return fake_wp.handler(request)

    monkeypatch.setattr(reviewctl.wpsite, "default_transport", lambda: httpx.MockTransport(slow))
    result = invoke("push", path)
    assert result.exit_code == 2
    assert "may have been updated all the same: pushing again is safe" in result.stderr


@pytest.mark.parametrize("scheme", ["https", "http", "ftp"])
def test_credentials_in_the_address_are_refused_and_never_shown(
    invoke, examples: Path, fake_wp: FakeWordPress, scheme: str
) -> None:  # type: ignore[no-untyped-def]
    configure(examples, f"{scheme}://juni:s3cretpw@blog.example", "juni")
    result = invoke("push", examples / LANTERN)
    assert result.exit_code == 2
    assert "user name or password" in result.stderr
    assert "s3cretpw" not in result.stdout + result.stderr
    assert fake_wp.requests == []


def test_no_empty_warning_paragraph_without_a_warning(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    config = wp_archive / "reviewctl.toml"
    text = re.sub(r"(?m)^spoiler_warning = .*$", 'spoiler_warning = ""', config.read_text("utf-8"))
    config.write_text(text, encoding="utf-8")
    path = replace_in(wp_archive / LANTERN, "Spoilers below the cut.\n", "")
    result = invoke("push", "--force", path)
    assert result.exit_code == 0, result.stderr
    (post,) = fake_wp.posts.values()
    assert "spoiler-warning" not in post["content"]
    assert post["content"].count("<!-- wp:more -->") == 1


def test_a_post_with_a_cut_and_no_warning_line_gains_none(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    """An imported post with a more tag and no warning above it is pushed back as it was:
    the configured warning is the house's, not text the post's author wrote."""
    path = replace_in(wp_archive / LANTERN, "Spoilers below the cut.\n", "")
    result = invoke("push", "--force", path)
    assert result.exit_code == 0, result.stderr
    (post,) = fake_wp.posts.values()
    assert "Spoilers below the cut" not in post["content"]
    assert post["content"].count("<!-- wp:more -->") == 1
    own = invoke(
        "push", "--force", replace_in(path, "<!--more-->", "Spoilers below the cut.\n\n<!--more-->")
    )
    assert own.exit_code == 0, own.stderr
    assert "Spoilers below the cut" in next(iter(fake_wp.posts.values()))["content"]


def test_a_wp_id_that_names_another_post_is_refused_even_forced(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    """An archive imported from one site and pushed to another: the id names some other
    post there, which push would overwrite. ``--force`` is about lint, not this; a day in
    common says too little. The post the review itself pushed stays its own, renamed."""
    post_id = existing_post(
        fake_wp,
        status="publish",
        title={"raw": "Opening hours", "rendered": ""},
        slug="hours",
        date="2026-10-02T00:00:00",  # the review's own day
    )
    path = with_front_matter(wp_archive / LANTERN, f"wp_id: {post_id}")
    for args in ([], ["--force"]):
        result = invoke("push", *args, path)
        assert result.exit_code == 2
        assert "'Opening hours', another title and slug" in result.stderr
        assert fake_wp.writes() == [] or all("/posts" not in r for _, r in fake_wp.writes())
        assert fake_wp.posts[post_id]["slug"] == "hours"
    # its own post: the slug WordPress made unique is enough, and the post keeps its address
    fake_wp.posts[post_id]["slug"] = "lantern-circuit-2"
    assert invoke("push", path).exit_code == 0
    assert fake_wp.posts[post_id]["slug"] == "lantern-circuit-2"
    # renamed since it was pushed: still its own, by the slug the push left in it
    assert "wp_slug: lantern-circuit-2" in path.read_text()
    replace_in(path, "Lantern Circuit", "Lantern Circuit, Reconsidered")
    path = with_front_matter(path, "slug: reconsidered")
    result = invoke("push", path)
    assert result.exit_code == 0, result.stderr
    assert fake_wp.posts[post_id]["slug"] == "reconsidered"
    assert "wp_slug: reconsidered" in path.read_text()
    # pushed before reviewctl kept the slug, then renamed: the error says what to add
    path.write_text(re.sub(r"(?m)^wp_slug: .*\n", "", path.read_text()))
    replace_in(path, "slug: reconsidered", "slug: third-name")
    replace_in(path, "Lantern Circuit, Reconsidered", "Lantern Circuit, Third")
    refused = invoke("push", path)
    assert refused.exit_code == 2 and "add 'wp_slug: reconsidered'" in refused.stderr
    assert invoke("push", with_front_matter(path, "wp_slug: reconsidered")).exit_code == 0
    assert fake_wp.posts[post_id]["slug"] == "third-name"


def test_a_title_with_markup_characters_is_pushed_as_text(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    """WordPress shows a title's HTML: ``<blink>`` in a title is sent as text, as the export
    writes it, and the post is still the review's own on the next push."""
    path = replace_in(
        wp_archive / LANTERN, "Anime Review: Lantern", "Anime Review: <blink> & Lantern"
    )
    first = invoke("push", path)
    assert first.exit_code == 0, first.stderr
    (post,) = fake_wp.posts.values()
    assert "&lt;blink&gt; &amp; Lantern" in str(post["title"]) and "<blink>" not in str(
        post["title"]
    )
    assert invoke("push", path).exit_code == 0


def test_the_excerpt_is_the_authors_own_description_when_there_is_one(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    """An imported post's manual excerpt (``description``) goes back as its excerpt."""
    path = with_front_matter(wp_archive / LANTERN, "description: My hand-written teaser.")
    assert invoke("push", path).exit_code == 0
    (post,) = fake_wp.posts.values()
    assert post["excerpt"] in ("My hand-written teaser.", {"raw": "My hand-written teaser."})


@pytest.mark.parametrize(
    "url",
    [
        "https://host:abc",
        "https://[::1",
        "https://a..b",
        "https://" + "a" * 70 + ".example",
        "https://xn--zz.invalid",
    ],
)
def test_an_address_that_is_no_address_is_a_config_error(
    invoke, examples: Path, fake_wp: FakeWordPress, url: str
) -> None:  # type: ignore[no-untyped-def]
    configure(examples, url, "juni")
    assert invoke("list", examples).exit_code == 0  # push's setting: other commands run on
    result = invoke("push", examples / LANTERN)
    assert result.exit_code == 2, result.output
    config = (examples / "reviewctl.toml").read_text().splitlines()
    line = max(n for n, text in enumerate(config, 1) if text.startswith("url = "))
    assert f"reviewctl.toml:{line}: wordpress.url:" in result.stderr
    assert "is not a web address" in result.stderr
    assert "Traceback" not in result.stderr and fake_wp.requests == []


def test_comments_and_pings_go_back_as_the_import_kept_them(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    """A post whose comments were closed on its old site is not reopened on the new one; a
    review that says nothing leaves the site's settings alone."""
    plain = invoke("push", "--force", wp_archive / LANTERN)
    assert plain.exit_code == 0, plain.stderr
    (post,) = fake_wp.posts.values()
    assert "comment_status" not in post and "ping_status" not in post
    path = with_front_matter(
        wp_archive / LANTERN, "wp_comment_status: closed", "wp_ping_status: closed"
    )
    assert invoke("push", "--force", path).exit_code == 0
    (post,) = fake_wp.posts.values()
    assert post["comment_status"] == post["ping_status"] == "closed"


def test_sticky_and_the_post_format_go_back_as_the_import_kept_them(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    """A sticky aside on the old site is a sticky aside on the new one."""
    path = with_front_matter(
        wp_archive / LANTERN, "wp_sticky: true", "taxonomies: {post_format: [Aside]}"
    )
    assert invoke("push", "--force", path).exit_code == 0
    (post,) = fake_wp.posts.values()
    assert post["sticky"] is True and post["format"] == "aside"


def test_a_slug_wordpress_made_unique_is_said_once_and_every_category_is_in_the_export(
    invoke, wp_archive: Path, fake_wp: FakeWordPress, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The site holds a post at the review's slug: WordPress names the new one ``-2``, and
    push says so (once: the review keeps the slug it got). The export's settings list every
    category push sets."""
    existing_post(fake_wp, status="publish", slug="lantern-circuit", title={"raw": "Other"})
    path = with_front_matter(wp_archive / LANTERN, "categories: [Anime, Retro]")
    first = invoke("push", "--force", path)
    assert first.exit_code == 0, first.stderr
    assert "WordPress gave this one 'lantern-circuit-2'" in first.stderr
    again = invoke("push", "--force", path)
    assert again.exit_code == 0 and "WordPress gave" not in again.stderr
    exported = invoke("export", path, "--format", "wordpress", "--out", tmp_path / "wp", "--force")
    assert exported.exit_code == 0, exported.stderr
    import json

    (settings,) = (tmp_path / "wp").rglob("*.json")
    assert json.loads(settings.read_text())["categories"] == ["Anime", "Retro"]


def test_a_scheduled_import_published_then_unpublished_is_a_draft_on_the_site(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    """``unpublish`` makes the kept WordPress status a draft's too: a push then neither
    schedules nor publishes what the author took back."""
    path = replace_in(wp_archive / LANTERN, "status: published", "status: draft\nwp_status: future")
    assert invoke("publish", "--force", path).exit_code == 0
    assert invoke("unpublish", path).exit_code == 0
    assert "wp_status: draft" in path.read_text()
    assert invoke("push", "--force", path).exit_code == 0
    (post,) = fake_wp.posts.values()
    assert post["status"] == "draft"


def test_publishing_a_post_wordpress_kept_behind_a_password_says_it_becomes_public(
    invoke, wp_archive: Path
) -> None:  # type: ignore[no-untyped-def]
    """The import keeps a password-protected post as a draft with ``wp_status: publish``
    (its password is not kept): publishing it is allowed, and said to make it public."""
    path = replace_in(
        wp_archive / LANTERN, "status: published", "status: draft\nwp_status: publish"
    )
    result = invoke("publish", "--force", path)
    assert result.exit_code == 0
    assert "password-protected on WordPress: published, it is public" in result.stderr
    plain = invoke("publish", "--force", wp_archive / "reviews/film/the-salt-archive.md")
    assert "password" not in plain.stderr


def test_unpublish_of_an_imported_draft_that_wordpress_scheduled_makes_it_a_draft_there(
    invoke, wp_archive: Path
) -> None:  # type: ignore[no-untyped-def]
    """A draft here that WordPress holds as scheduled (``wp_status: future``) is made a draft
    there too by ``unpublish``: "already a draft" would leave it to go out."""
    path = replace_in(wp_archive / LANTERN, "status: published", "status: draft\nwp_status: future")
    result = invoke("unpublish", path)
    assert result.exit_code == 0 and "wp_status: draft" in path.read_text()
    assert "already a draft" in invoke("unpublish", path).stdout


def test_the_sites_own_text_is_escaped_on_the_terminal(
    invoke, wp_archive: Path, fake_wp: FakeWordPress
) -> None:  # type: ignore[no-untyped-def]
    """A link or slug the site sends back is printed with its control characters escaped:
    a hostile site cannot retitle or clear the author's terminal."""
    post_id = existing_post(
        fake_wp,
        status="publish",
        slug="lantern-circuit",
        link="https://blog.example/\x1b]0;owned\x07",
    )
    path = with_front_matter(wp_archive / LANTERN, f"wp_id: {post_id}")
    result = invoke("push", "--force", path)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "https://blog.example/" in result.stdout

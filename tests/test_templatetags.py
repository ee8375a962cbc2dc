"""Generators' template tags, read as a blog's reader sees them (templatetags.as_markdown)."""

from __future__ import annotations

import pytest

from reviewctl.templatetags import as_markdown


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # a comment or a capture shows nothing, a fence inside it included; lines are kept
        ("{% comment %}\nprivate: 555-0100\n```\ndraft\n```\n{% endcomment %}\nAfter.\n",
         "\n\n\n\n\n\nAfter.\n"),
        ("A{% capture x %}assigned{% endcapture %} B\n", "A B\n"),
        # code that mentions them keeps its text
        ("Write `{% comment %}` and `{% endcomment %}`.\n",
         "Write `{% comment %}` and `{% endcomment %}`.\n"),
        ("```\n{% comment %}x{% endcomment %}\n{{< youtube x >}}\n```\n",
         "```\n{% comment %}x{% endcomment %}\n{{< youtube x >}}\n```\n"),
        ("    {{< indented >}}\n", "    {{< indented >}}\n"),
        ("<pre>{{< kept >}}</pre>\n", "<pre>{{< kept >}}</pre>\n"),
        ("{% raw %}{{ keep_me }}{% endraw %}\n", "{{ keep_me }}\n"),
        # a line of tags alone does not split its paragraph or quote, nor make code
        ("line one\n{% if x %}\n    continued\n", "line one\n<!-- -->\n    continued\n"),
        ("> a\n> {{< x >}}\n> b\n", "> a\n> <!-- -->\n> b\n"),
        ("Text with {{< hire-me >}} inline.\n", "Text with inline.\n"),
        # a list item's indented lines are the item's, not code
        ('- First:\n\n    {{< figure src="a.png" caption="Dusk" >}}\n',
         "- First:\n\n    ![Dusk](<a.png>)\n"),
        # an address the generator fills in; output in prose stays as written
        ("[x]({{ site.url}}/p/) ![y]({{ site.baseurl }}/a.png)\n", "[x](/p/) ![y](/a.png)\n"),
        ("Write {{ name }} here.\n", "Write {{ name }} here.\n"),
        # a quoted attribute may hold ">}}"; a multi-line tag keeps its lines
        ('{{< figure src="a.png" caption="ratio >}} wide" >}}\n', "![ratio >}} wide](<a.png>)\n"),
        ('{{< figure src="a.png"\n  caption="Two" >}}\n![z](b.png)\n', "\n![Two](<a.png>)\n![z](b.png)\n"),
        ("{{< youtube NSqDPa1hk7A >}}\n", "<https://www.youtube.com/watch?v=NSqDPa1hk7A>\n"),
        ('> {{< figure src="a.png"\n>   caption="In a quote" >}}\n',
         "> \n> ![In a quote](<a.png>)\n"),
        ('{{< figure src="a.png"\n      caption="Indented" >}}\n', "\n![Indented](<a.png>)\n"),
        # a stray backtick is a character, not a code span to the end of the post
        ("I didn`t.\n\n{% comment %}\nprivate\n{% endcomment %}\n\n{{< youtube abc >}}\n",
         "I didn`t.\n\n\n\n\n\n<https://www.youtube.com/watch?v=abc>\n"),
        # code that mentions a comment tag keeps its text, and so does the prose between
        ("Write:\n\n    {% comment %}\n\nMine.\n\n    {% endcomment %}\n",
         "Write:\n\n    {% comment %}\n\nMine.\n\n    {% endcomment %}\n"),
        ("<code>{% comment %}</code> x <code>{% endcomment %}</code>\n",
         "<code>{% comment %}</code> x <code>{% endcomment %}</code>\n"),
        # an apostrophe in a shortcode is no quote; a comment may hold a comment
        ("{{< spoiler Kaguya's >}}\n\nShe confesses.\n{{< /spoiler >}}\n",
         "<details><summary>Kaguya's</summary>\n\nShe confesses.\n</details>\n"),
        ("{% comment %}a {% comment %}b{% endcomment %} c{% endcomment %}After\n", "After\n"),
        # highlighted code is a fenced block
        ("{% highlight html %}\n<iframe></iframe>\n{% endhighlight %}\n",
         "```html\n<iframe></iframe>\n```\n"),
        ('{{< youtube title="Trailer" id="NSqDPa1hk7A" >}}\n',
         "<https://www.youtube.com/watch?v=NSqDPa1hk7A>\n"),
        ("[e]({% post_url 2020-01-01-film %}) \"{{ message }}\"\n",
         '[e](2020-01-01-film.md) "{{ message }}"\n'),
        ("{%- raw\n-%}{{ t }}{% endraw %} is it.\n", "{{ t }}\n is it.\n"),
        # Hugo's escaped shortcode is what its reader sees; a figure by position
        ("Write {{</* youtube id */>}} to embed.\n", "Write {{< youtube id >}} to embed.\n"),
        ('{{< img "a.png" "The alt" >}}\n', "![The alt](<a.png>)\n"),
        ('{{< figure src="a.png" link="https://x.example/" >}}\n',
         "[![](<a.png>)](<https://x.example/>)\n"),
        # a page reference is its path, as written (resolved from the page, else the content
        # root); a bare page name is an address (resolved by name)
        ('[a]({{< relref "posts/a/index.md" >}}) [b]({{< ref "b" >}}) [c]({{< relref "../c.md" >}})\n',
         "[a](posts/a/index.md) [b](/b) [c](../c.md)\n"),
        ("[d]({% link _posts/2019-10-21-d.md %})\n", "[d](_posts/2019-10-21-d.md)\n"),
        # Hugo's details and a theme's spoiler fold as <details> does, the summary escaped
        ('{{< details summary="<Twist>" >}}\nHe dies.\n{{< /details >}}\n',
         "<details><summary>&lt;Twist&gt;</summary>\nHe dies.\n</details>\n"),
        ("{{% spoiler %}}He dies.{{% /spoiler %}}\n",
         "<details><summary>Spoiler</summary>He dies.</details>\n"),
        # Jekyll's address of a picture, and Zola's shortcode call
        ('![Cover]({{ "/assets/pic.png" | relative_url }})\n', "![Cover](/assets/pic.png)\n"),
        ("<img src=\"{{ '/a.png' | absolute_url }}\">\n", '<img src="/a.png">\n'),
        ('Watch {{ youtube(id="abc") }} now.\n',
         "Watch <https://www.youtube.com/watch?v=abc> now.\n"),
        ("{{ page.title }} stays: text lost is worse\n", "{{ page.title }} stays: text lost is worse\n"),
        # Liquid's spoiler block and Zola's body shortcode fold too; Zola's {% end %} ends
        # whichever body shortcode is open, and only a fold's end unfolds
        ("{% spoiler %}He dies.{% endspoiler %}\n",
         "<details><summary>Spoiler</summary>He dies.</details>\n"),
        ('{% spoiler(title="Ending") %}\nHe dies.\n{% end %}\n',
         "<details><summary>Ending</summary>\nHe dies.\n</details>\n"),
        ('{% quote(author="A") %}\nWords.\n{% end %}\n', "<!-- -->\nWords.\n<!-- -->\n"),
        # a named parameter's value is no summary (and may be the folded text itself)
        ('{{< spoiler text="He dies." >}}{{< /spoiler >}}\n',
         "<details><summary>Spoiler</summary></details>\n"),
        ("{{< details open=true >}}x{{< /details >}}\n",
         "<details><summary>Details</summary>x</details>\n"),
    ],
)  # fmt: skip
def test_as_markdown(source: str, expected: str) -> None:
    assert as_markdown(source) == expected

"""Everyday words of games, films, books and the web that pyspellchecker's list lacks.

A short, generic list of our own: words any reviewer may write ("hitbox", "romcom",
"regex"), not the names or jargon of one archive (those belong in the front matter or in
``[lint.spelling] words``). Plurals and regular derivations of these words ("hitboxes",
"teleporter") are derived by the spelling rule, so only stems are listed.
"""

from __future__ import annotations

MODERN_WORDS = frozenset(
    """
    hitbox tileset ruleset teleport powerup pixelated pixelation respawn minimap minigame sidequest overworld loadout playtest playtester
    speedrunner shmup jrpg crpg rpg mmo mmorpg gamepad savestate replayability replayable
    microtransaction lootbox mocap lore grindy metagame
    romcom redshirt frenemy fanboy fangirl shoutout cliche cliched greenlit trifecta upsell
    biopic docuseries mockumentary noir relatable relatability nitpicky immersive copium
    incel larp cyber cyberpunk droid hitman smorgasbord
    admin https http url html css api app backend frontend checkbox checksum charset
    newline tarball docstring builtin enqueue dequeue composable regex jitter cruft crufty
    covid smartphone touchscreen wifi webcam podcast blog blogger vlog subreddit meme emoji
    hashtag timestamp username login selfie png jpg gif www
    """.split()  # noqa: SIM905  (a word list reads better as text)
)

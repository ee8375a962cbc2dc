"""Draw the example archive's pictures (generated artwork, our own).

Run from a checkout with Pillow installed (it is not a dependency of reviewctl):

    python tools/make_example_images.py

It writes examples/reviews/<medium>/images/*.jpg, 960x540 JPEG. The drawing is seeded, so
a re-run gives the same scenes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

W, H = 960, 540
ROOT = Path(__file__).resolve().parent.parent / "examples" / "reviews"
RGB = tuple[int, int, int]


def gradient(top: RGB, bottom: RGB, height: int = H) -> Image.Image:
    image = Image.new("RGB", (W, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(height - 1, 1)
        draw.line(
            [(0, y), (W, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    return image


def glow(base: Image.Image, centre: tuple[int, int], radius: int, colour: RGB, blur: int) -> None:
    """A soft light: a disc of ``colour``, blurred, screened over ``base``."""
    layer = Image.new("RGB", base.size, (0, 0, 0))
    x, y = centre
    ImageDraw.Draw(layer).ellipse([x - radius, y - radius, x + radius, y + radius], fill=colour)
    layer = layer.filter(ImageFilter.GaussianBlur(radius * blur / 100))
    base.paste(ImageChops.screen(base, layer))


def night_ferry(rng: random.Random) -> Image.Image:
    image = gradient((10, 14, 40), (48, 40, 92), 330)
    full = Image.new("RGB", (W, H))
    full.paste(image, (0, 0))
    full.paste(gradient((22, 26, 60), (6, 8, 20), H - 330), (0, 330))
    draw = ImageDraw.Draw(full)
    for _ in range(160):
        x, y, r = rng.randrange(W), rng.randrange(300), rng.choice((1, 1, 1, 2))
        v = rng.randrange(150, 255)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(v, v, min(255, v + 20)))
    glow(full, (760, 110), 60, (90, 80, 60), 80)
    draw = ImageDraw.Draw(full)
    draw.ellipse([722, 72, 798, 148], fill=(250, 240, 205))
    for i in range(40):  # the moon's path on the water
        y = 340 + i * 5
        half = 10 + i * 2 + rng.randrange(6)
        draw.line([(760 - half, y), (760 + half, y)], fill=(200, 190, 150), width=1)
    for x in range(0, W, 60):  # far shore with lights
        draw.rectangle([x, 316 - rng.randrange(8, 40), x + 50, 330], fill=(14, 16, 34))
        if rng.random() < 0.6:
            lx = x + rng.randrange(5, 45)
            draw.rectangle([lx, 318, lx + 3, 321], fill=(255, 200, 120))
    hull = [(150, 400), (610, 400), (580, 452), (190, 452)]
    draw.polygon(hull, fill=(22, 20, 30))
    draw.rectangle([220, 350, 540, 400], fill=(34, 32, 46))
    draw.rectangle([300, 318, 470, 350], fill=(40, 38, 54))
    for x in range(232, 530, 26):
        draw.rectangle([x, 362, x + 14, 380], fill=(255, 204, 112))
    for x in range(312, 460, 26):
        draw.rectangle([x, 326, x + 14, 340], fill=(255, 214, 140))
    draw.line([(385, 318), (385, 282)], fill=(40, 38, 54), width=4)
    draw.ellipse([380, 276, 390, 286], fill=(255, 90, 80))
    for fx, tone in ((560, (60, 70, 110)), (578, (120, 60, 70))):  # two figures at the rail
        draw.ellipse([fx, 362, fx + 12, 374], fill=tone)
        draw.rectangle([fx + 1, 374, fx + 11, 398], fill=tone)
    for i in range(14):  # reflections of the windows
        x = 230 + i * 22
        draw.line(
            [(x, 462 + rng.randrange(20)), (x + 10, 462 + rng.randrange(20))], fill=(170, 130, 70)
        )
    return full


def reading_room(rng: random.Random) -> Image.Image:
    image = gradient((34, 24, 20), (14, 10, 10))
    draw = ImageDraw.Draw(image)
    for shelf in range(5):  # a wall of shelves
        y = 40 + shelf * 86
        draw.rectangle([0, y + 70, W, y + 78], fill=(52, 34, 22))
        x = 0
        while x < W:
            w = rng.randrange(10, 24)
            h = rng.randrange(44, 68)
            tone = rng.choice(
                ((92, 40, 32), (48, 62, 70), (96, 80, 44), (60, 44, 60), (72, 56, 40))
            )
            shade = rng.uniform(0.5, 1.0)
            draw.rectangle(
                [x, y + 70 - h, x + w - 2, y + 70], fill=tuple(int(c * shade) for c in tone)
            )
            x += w
    glow(image, (600, 300), 170, (150, 100, 50), 60)
    draw = ImageDraw.Draw(image)
    draw.rectangle([300, 380, 900, 410], fill=(70, 44, 28))  # the desk
    draw.rectangle([330, 410, 350, 540], fill=(50, 30, 20))
    draw.rectangle([850, 410, 870, 540], fill=(50, 30, 20))
    draw.polygon([(560, 250), (640, 250), (620, 290), (580, 290)], fill=(40, 90, 60))  # lamp
    draw.line([(600, 290), (600, 378)], fill=(120, 100, 60), width=4)
    draw.ellipse([580, 372, 620, 384], fill=(120, 100, 60))
    draw.polygon([(470, 378), (560, 372), (566, 380), (476, 386)], fill=(236, 226, 200))  # book
    draw.ellipse([392, 250, 440, 298], fill=(30, 22, 20))  # Odile, a silhouette
    draw.polygon([(372, 380), (386, 300), (446, 300), (462, 380)], fill=(30, 22, 20))
    return image


def harbour(rng: random.Random) -> Image.Image:
    image = gradient((120, 180, 230), (220, 236, 246), 300)
    full = Image.new("RGB", (W, H))
    full.paste(image, (0, 0))
    full.paste(gradient((40, 110, 150), (18, 60, 96), H - 300), (0, 300))
    draw = ImageDraw.Draw(full)
    for cx, cy in ((180, 80), (240, 70), (640, 110), (700, 100)):  # clouds
        for dx in (-40, 0, 40):
            draw.ellipse([cx + dx - 40, cy - 22, cx + dx + 40, cy + 22], fill=(248, 250, 252))
    draw.polygon([(0, 300), (140, 230), (300, 280), (420, 250), (560, 300)], fill=(90, 120, 96))
    draw.rectangle([820, 170, 850, 300], fill=(236, 236, 230))  # lighthouse
    for y in (190, 230, 270):
        draw.rectangle([820, y, 850, y + 14], fill=(200, 60, 50))
    draw.polygon([(814, 170), (856, 170), (835, 146)], fill=(60, 60, 70))
    draw.rectangle([560, 300, 960, 318], fill=(110, 96, 80))  # the quay
    for x in range(570, 960, 40):
        draw.rectangle([x, 318, x + 8, 352], fill=(80, 66, 54))
    for bx, colour in ((120, (230, 90, 60)), (330, (240, 200, 80)), (470, (80, 150, 200))):
        draw.polygon([(bx, 360), (bx + 120, 360), (bx + 100, 392), (bx + 16, 392)], fill=colour)
        draw.line([(bx + 60, 360), (bx + 60, 270)], fill=(70, 60, 50), width=3)
        draw.polygon([(bx + 62, 276), (bx + 62, 352), (bx + 112, 352)], fill=(246, 244, 236))
    for _ in range(220):  # light on the water
        x, y = rng.randrange(W), rng.randrange(330, H)
        draw.line([(x, y), (x + rng.randrange(8, 30), y)], fill=(150, 200, 226), width=1)
    return full


def radio_room(rng: random.Random) -> Image.Image:
    image = gradient((20, 28, 26), (8, 12, 12))
    draw = ImageDraw.Draw(image)
    for px in (40, 340, 640):  # three equipment racks
        draw.rectangle([px, 60, px + 280, 470], fill=(44, 52, 50), outline=(70, 80, 76), width=3)
        for row in range(4):
            y = 90 + row * 92
            for col in range(3):
                cx, cy = px + 50 + col * 90, y + 30
                draw.ellipse(
                    [cx - 24, cy - 24, cx + 24, cy + 24],
                    fill=(24, 28, 28),
                    outline=(120, 130, 120),
                    width=2,
                )
                angle_x = cx + rng.randrange(-18, 18)
                draw.line([(cx, cy), (angle_x, cy - 16)], fill=(230, 120, 60), width=3)
            draw.rectangle([px + 20, y + 62, px + 260, y + 70], fill=(30, 36, 34))
            for k in range(rng.randrange(3, 8)):
                lx = px + 26 + k * 30
                draw.ellipse(
                    [lx, y + 63, lx + 6, y + 69], fill=rng.choice(((90, 230, 120), (240, 180, 60)))
                )
    glow(image, (480, 520), 110, (30, 110, 70), 70)
    draw = ImageDraw.Draw(image)
    pts = [(360 + i * 8, 500 + int(14 * ((i * 37) % 11 - 5) / 5)) for i in range(31)]
    draw.line(pts, fill=(140, 255, 190), width=2)  # the signal on a scope
    return image


SCENES: dict[str, Callable[[random.Random], Image.Image]] = {
    "anime/images/night-ferry.jpg": night_ferry,
    "film/images/reading-room.jpg": reading_room,
    "game/images/harbour.jpg": harbour,
    "tv/images/radio-room.jpg": radio_room,
}


def main() -> None:
    for index, (name, draw) in enumerate(SCENES.items()):
        image = draw(random.Random(index + 1)).filter(ImageFilter.SMOOTH)
        path = ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path, "JPEG", quality=80, optimize=True, progressive=True)
        print(f"{path.relative_to(ROOT.parent.parent)}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()

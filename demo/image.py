"""Draw the demo post's featured image with Pillow (the original was not captured)."""

import io

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 900


def draw_aleppo_map() -> bytes:
    """A schematic control map of the Aleppo region, as a JPEG."""
    canvas = Image.new("RGB", (WIDTH, HEIGHT), (232, 226, 210))
    draw = ImageDraw.Draw(canvas)
    # Zones of control, as rough polygons.
    zones = [
        ((176, 48, 48), [(0, 0), (620, 0), (700, 300), (520, 520), (0, 600)]),
        ((47, 107, 62), [(620, 0), (1150, 0), (1080, 380), (700, 300)]),
        ((60, 60, 60), [(1150, 0), (1600, 0), (1600, 900), (1200, 900), (1080, 380)]),
        ((214, 160, 40), [(0, 600), (520, 520), (700, 300), (1080, 380), (1200, 900), (0, 900)]),
    ]
    for colour, points in zones:
        draw.polygon(points, fill=colour)
    # Roads and the city.
    draw.line([(0, 700), (760, 470), (1600, 380)], fill=(250, 250, 250), width=8)
    draw.line([(760, 470), (820, 900)], fill=(250, 250, 250), width=6)
    draw.ellipse([(700, 410), (820, 530)], fill=(255, 255, 255), outline=(20, 20, 20), width=6)
    font = ImageFont.load_default(size=56)
    small = ImageFont.load_default(size=32)
    draw.text((840, 430), "Aleppo", fill=(20, 20, 20), font=font)
    legend = [
        ((176, 48, 48), "Government"),
        ((47, 107, 62), "Rebel groups"),
        ((60, 60, 60), "ISIS"),
        ((214, 160, 40), "Contested"),
    ]
    draw.rectangle([(40, 660), (420, 880)], fill=(255, 255, 255))
    for row, (colour, label) in enumerate(legend):
        top = 680 + row * 48
        draw.rectangle([(60, top), (96, top + 32)], fill=colour)
        draw.text((112, top - 2), label, fill=(20, 20, 20), font=small)
    buffer = io.BytesIO()
    canvas.save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
    return buffer.getvalue()

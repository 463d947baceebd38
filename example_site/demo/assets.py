"""Files for the demo, made in code so the demo needs no download and no extra dependency.

``make_png(screen)`` draws a simple mock-up of a Mossbook screen with Pillow (a Wagtail
dependency); ``make_pdf(slides)`` writes a small, valid PDF by hand. Both are deterministic: the
same input gives the same bytes.
"""

import io

from PIL import Image, ImageDraw, ImageFont

INK = (33, 47, 41)
MUTED = (104, 118, 112)
MOSS = (62, 122, 79)
MOSS_LIGHT = (214, 234, 219)
PAPER = (248, 250, 247)
LINE = (206, 214, 209)
WATER = (186, 214, 232)
BLUE = (37, 99, 235)


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType: fixed-size bitmap font.
        return ImageFont.load_default()


def _map(draw, box, pins=()):
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=(226, 236, 221))
    for step in range(0, min(x1 - x0, y1 - y0) // 2, 36):  # contour lines
        draw.ellipse(
            (x0 + 40 + step, y0 + 10 + step // 2, x1 - 40 - step, y1 + 120 - step // 2),
            outline=(196, 212, 190),
            width=2,
        )
    draw.polygon(
        [(x0, y1 - 60), (x0 + 140, y1 - 90), (x0 + 260, y1 - 40), (x0 + 200, y1), (x0, y1)],
        fill=WATER,
    )
    road = [(x0 + 30, y0), (x0 + 120, y0 + 90), (x1 - 40, y1 - 30)]
    draw.line(road, fill=(255, 255, 255), width=6)
    for px, py in pins:
        draw.ellipse((px - 7, py - 7, px + 7, py + 7), fill=MOSS, outline=(255, 255, 255), width=2)


def _field(draw, x, y, width, label, value, font, small):
    draw.text((x, y), label, fill=MUTED, font=small)
    box = (x, y + 20, x + width, y + 56)
    draw.rounded_rectangle(box, radius=6, fill=(255, 255, 255), outline=LINE)
    draw.text((x + 12, y + 29), value, fill=INK, font=font)


def _observation(draw, width, height):
    font, small, title = _font(18), _font(14), _font(22)
    draw.rectangle((0, 0, width, 56), fill=MOSS)
    draw.text((20, 16), "New observation", fill=(255, 255, 255), font=title)
    draw.text((width - 150, 20), "Outbox: 2", fill=(255, 255, 255), font=small)
    _map(draw, (0, 56, width, 270))
    cx, cy = width // 2, 165
    draw.ellipse((cx - 44, cy - 44, cx + 44, cy + 44), outline=MOSS, width=4, fill=MOSS_LIGHT)
    draw.ellipse((cx - 9, cy - 9, cx + 9, cy + 9), fill=BLUE, outline=(255, 255, 255), width=3)
    draw.rounded_rectangle((cx + 54, cy - 16, cx + 178, cy + 16), radius=14, fill=(255, 255, 255))
    draw.text((cx + 66, cy - 9), "Accuracy 4 m", fill=MOSS, font=small)
    _field(draw, 24, 290, width - 48, "Species", "Common frog", font, small)
    _field(draw, 24, 362, (width - 60) // 2, "Count", "7", font, small)
    _field(draw, 36 + (width - 60) // 2, 362, (width - 60) // 2, "Photo", "1 attached", font, small)
    draw.rounded_rectangle((24, height - 70, width - 24, height - 22), radius=10, fill=MOSS)
    draw.text((width // 2 - 22, height - 57), "Save", fill=(255, 255, 255), font=title)


def _dashboard(draw, width, height):
    font, small, title = _font(16), _font(13), _font(22)
    draw.rectangle((0, 0, width, 52), fill=INK)
    draw.text((20, 14), "Mossbook", fill=(255, 255, 255), font=title)
    draw.text((160, 19), "Projects  /  Riverside meadow", fill=(200, 214, 206), font=font)
    pins = [(90, 160), (140, 220), (210, 140), (260, 260), (320, 200), (180, 300), (380, 150)]
    _map(draw, (0, 52, 440, height), pins)
    draw.polygon([(50, 110), (400, 95), (420, 320), (70, 350)], outline=MOSS, width=3)
    draw.rectangle((440, 52, width, height), fill=PAPER)
    draw.text((464, 72), "Recent observations", fill=INK, font=title)
    rows = [
        ("Meadow brown", "12", "A. Okafor", "checked"),
        ("Common blue", "3", "L. Marsh", "flagged"),
        ("Small copper", "1", "A. Okafor", "checked"),
        ("Ringlet", "8", "J. Ferreira", "new"),
        ("Meadow brown", "5", "L. Marsh", "new"),
    ]
    y = 120
    for x, label in ((464, "Species"), (612, "Count"), (668, "Observer"), (800, "Status")):
        draw.text((x, y), label, fill=MUTED, font=small)
    for species, count, observer, status in rows:
        y += 44
        draw.line((464, y - 10, width - 24, y - 10), fill=LINE)
        draw.text((464, y), species, fill=INK, font=font)
        draw.text((612, y), count, fill=INK, font=font)
        draw.text((668, y), observer, fill=INK, font=font)
        colour = {"checked": MOSS, "flagged": (180, 83, 9), "new": MUTED}[status]
        draw.text((800, y), status, fill=colour, font=font)


def _map_pack(draw, width, height):
    font, small, title = _font(18), _font(14), _font(22)
    draw.rectangle((0, 0, width, 56), fill=MOSS)
    draw.text((20, 16), "Download area", fill=(255, 255, 255), font=title)
    _map(draw, (0, 56, width, height - 120))
    draw.rectangle((60, 110, width - 60, height - 180), outline=INK, width=3)
    for x, y in ((60, 110), (width - 60, 110), (60, height - 180), (width - 60, height - 180)):
        draw.ellipse((x - 8, y - 8, x + 8, y + 8), fill=(255, 255, 255), outline=INK, width=3)
    draw.rectangle((0, height - 120, width, height), fill=PAPER)
    draw.text((24, height - 108), "Topographic  -  detail: high", fill=INK, font=font)
    draw.text((24, height - 80), "Estimated size: 48 MB", fill=MUTED, font=small)
    button = (width - 190, height - 100, width - 24, height - 52)
    draw.rounded_rectangle(button, radius=10, fill=MOSS)
    draw.text((width - 150, height - 87), "Download", fill=(255, 255, 255), font=font)


SCREENS = {
    "observation": ((480, 560), _observation),
    "dashboard": ((880, 420), _dashboard),
    "map": ((480, 560), _map_pack),
}


def make_png(screen):
    """PNG bytes of a mock-up of one of ``SCREENS``."""
    size, draw_screen = SCREENS[screen]
    image = Image.new("RGB", size, PAPER)
    draw_screen(ImageDraw.Draw(image), *size)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _pdf_text(text):
    """A PDF literal string (ASCII: the built-in fonts need no embedding)."""
    text = text.encode("ascii", "replace").decode("ascii")
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def make_pdf(slides, *, title="Slides"):
    """A small valid PDF: one 16:9 page per ``(heading, lines)`` slide, Helvetica text."""
    width, height = 960, 540
    objects = []  # object bodies; object n is objects[n - 1]

    def add(body):
        objects.append(body)
        return len(objects)

    catalog = add(None)  # filled in once the pages exist
    pages = add(None)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    bold = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    )
    info = add(f"<< /Title {_pdf_text(title)} /Producer (wagtail-kb demo) >>".encode("ascii"))
    page_ids = []
    for number, (heading, lines) in enumerate(slides, start=1):
        ops = [
            "0.243 0.478 0.310 rg 0 0 960 12 re f",  # a moss-green band at the foot
            f"BT /F2 40 Tf 0.129 0.184 0.161 rg 72 {height - 120} Td {_pdf_text(heading)} Tj ET",
        ]
        y = height - 200
        for line in lines:
            if line:
                ops.append(f"BT /F1 24 Tf 0.2 0.25 0.23 rg 96 {y} Td {_pdf_text(line)} Tj ET")
            y -= 44
        page_number = f"({number} / {len(slides)})"
        ops.append(f"BT /F1 14 Tf 0.4 0.46 0.44 rg {width - 110} 30 Td {page_number} Tj ET")
        stream = "\n".join(ops).encode("ascii")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(
            add(
                (
                    f"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 {width} {height}] "
                    f"/Resources << /Font << /F1 {font} 0 R /F2 {bold} 0 R >> >> "
                    f"/Contents {content} 0 R >>"
                ).encode("ascii")
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages} 0 R >>".encode("ascii")
    kids = " ".join(f"{page} 0 R" for page in page_ids)
    objects[pages - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode("ascii")

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        info,
        xref,
    )
    return bytes(out)

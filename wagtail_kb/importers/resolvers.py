"""What an article's body refers to: other imported items, and images and PDFs on disk."""

from .sources import SIZED
from .writer import IMAGE_SUFFIXES


class Resolvers:
    """For one article of a run: ``link_for``, ``image_for`` and ``document_for`` as the body
    converter calls them. In a dry run nothing is written and made things get id 0."""

    def __init__(self, run, source, spec):
        self.run, self.source, self.spec = run, source, spec

    def link_for(self, href):
        target = self.source.link_target(href, self.spec, self.run.plan)
        if target is None or target not in self.run.specs:
            return None
        page_id = self.run.writer.page_for(target)
        if page_id is None and self.run.dry_run:
            page_id = 0
        return f'<a linktype="page" id="{page_id}">' if page_id is not None else None

    def image_for(self, src, alt, classes=()):
        found = self.source.local_file(src, self.spec, self.run.uploads)
        if not alt:
            alt = self._attachment_alt(src, classes)
        if found is None or found[0].suffix.lower() not in IMAGE_SUFFIXES:
            return None
        path, key = found
        if not _is_image(path):
            return None
        if self.run.dry_run:
            return 0, alt
        return self.run.writer.stored_file(path, key, alt or path.stem, "image"), alt

    def _attachment_alt(self, src, classes):
        alts = self.run.plan.attachment_alt
        for name in classes:
            if name.startswith("wp-image-") and name[9:].isdigit() and alts.get(int(name[9:])):
                return alts[int(name[9:])]
        return alts.get(src) or alts.get(SIZED.sub("", src)) or ""

    def document_for(self, url):
        found = self.source.local_file(url, self.spec, self.run.uploads)
        if found is None:
            return None
        path, key = found
        if self.run.dry_run:
            return 0
        return self.run.writer.stored_file(path, key, path.stem.replace("-", " "), "document")


def _is_image(path):
    from PIL import Image

    try:
        with Image.open(path) as image:
            image.verify()
    except Exception:  # Pillow raises many kinds for files that are not images
        return False
    return True

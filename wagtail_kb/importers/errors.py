class SourceError(Exception):
    """A source cannot be read: the message is one line saying which file and what is wrong."""

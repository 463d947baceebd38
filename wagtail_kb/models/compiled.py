"""Hot querysets compiled once: the SQL kept per database and shape, run again with new values.

Django compiles a queryset's SQL on every evaluation. For the queries every search and every
vote runs — the KB home of the search route, the page of articles with their stored texts, the
article a vote names — that took longer than the database took to answer them (5.4 ms to compile
the search's articles' query, 0.2 ms to run it, on the relevance benchmark's corpus; the vote's
article query was 31% of a vote, benchmarks/RESULTS.md). A ``CompiledQuery`` builds its queryset
with *marker* values where the request's values go, compiles it once per database alias and
shape (the number of ids, of hidden branches…), finds where the markers went among the
parameters, and then runs the same SQL with the request's values, turning rows into model
instances as Django's own iterable does (``from_db``, the backend's converters, annotations as
attributes, deferred fields left deferred).

Only for querysets whose SQL depends on nothing but the database and the shape (no "now", no
setting read while compiling); every value reaches the database as a parameter.
"""

from weakref import WeakKeyDictionary

from django.db import connections, router

# Most shapes kept per query (readers' queries could multiply them): the oldest go first.
MAX_SHAPES = 256


class Marker(str):
    """A string value that stands in for a parameter while the query is compiled."""

    __slots__ = ()


def int_marker(number):
    """An integer stand-in (for ids): far outside any id or count a query holds."""
    return -(7_340_000_000_000 + number)


class _Compiled:
    def __init__(self, queryset, using):
        compiler = queryset.query.get_compiler(using)
        self.sql, self.params = compiler.as_sql()
        self.params = list(self.params)
        select = [column for column, _sql, _alias in compiler.select]
        fields = compiler.klass_info["select_fields"]
        self.model = compiler.klass_info["model"]
        self.field_slice = slice(fields[0], fields[-1] + 1)
        self.attnames = [column.target.attname for column in select[self.field_slice]]
        self.annotations = dict(compiler.annotation_col_map)
        self.expressions = select
        self._converters = WeakKeyDictionary()  # per connection (one per thread)

    def converters(self, connection):
        found = self._converters.get(connection)
        if found is None:
            found = self._converters[connection] = [
                (index, expression, converter)
                for index, expression in enumerate(self.expressions)
                for converter in connection.ops.get_db_converters(expression)
                + expression.get_db_converters(connection)
            ]
        return found

    def instances(self, connection, values):
        params = [values.get(param, param) for param in self.params]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        converters = self.converters(connection)
        out = []
        for row in rows:
            row = list(row)
            for index, expression, converter in converters:
                row[index] = converter(row[index], expression, connection)
            instance = self.model.from_db(connection.alias, self.attnames, row[self.field_slice])
            for name, index in self.annotations.items():
                setattr(instance, name, row[index])
            out.append(instance)
        return out


class CompiledQuery:
    """``run(shape, values)``: the instances of ``build(shape)``, compiled once per shape.

    ``build(shape)`` returns the queryset with markers (``Marker`` strings, ``int_marker``
    numbers) where the values go; ``values`` maps each marker to the request's value.
    """

    def __init__(self, model, build):
        # ``model``: the model, or a function returning it (a swappable model, read once apps
        # are ready).
        self._model, self.build = model, build
        self._compiled = {}

    @property
    def model(self):
        return self._model if isinstance(self._model, type) else self._model()

    def run(self, shape, values):
        using = router.db_for_read(self.model)
        connection = connections[using]
        key = (using, connection.vendor, shape)
        compiled = self._compiled.get(key)
        if compiled is None:
            if len(self._compiled) >= MAX_SHAPES:
                self._compiled.pop(next(iter(self._compiled)))
            compiled = self._compiled[key] = _Compiled(self.build(shape), using)
        return compiled.instances(connection, values)

"""A hot query compiled once: its SQL kept per database and shape, run again with new values.

Django compiles a queryset's SQL on every evaluation. For the one-row look-ups a vote makes, that
costs more than the database takes to answer (``benchmarks/RESULTS.md``, issue 9). A
``CompiledLookup`` builds its queryset with marker values, compiles it once per database alias
and shape (e.g. the page's depth), finds where the markers went among the parameters, and then
runs the same SQL with the request's values, turning the row into a model instance the way
Django's own iterable does (``from_db``, the backend's converters, annotations as attributes).

Only for querysets whose SQL depends on nothing but the database and the shape: no dates of
"now", no settings read while compiling.
"""

from weakref import WeakKeyDictionary

from django.db import connections


class Marker(str):
    """A value that stands in for a parameter while the query is compiled."""

    __slots__ = ()

    def __new__(cls, name):
        return super().__new__(cls, f"\x00wagtail_kb:{name}\x00")


class _Compiled:
    def __init__(self, queryset, using, markers):
        compiler = queryset.query.get_compiler(using)
        self.sql, params = compiler.as_sql()
        by_value = {str(marker): name for name, marker in markers.items()}
        self.parameters = [(by_value.get(param), param) for param in params]
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

    def row_instance(self, connection, row):
        row = list(row)
        for index, expression, converter in self.converters(connection):
            row[index] = converter(row[index], expression, connection)
        instance = self.model.from_db(connection.alias, self.attnames, row[self.field_slice])
        for name, index in self.annotations.items():
            setattr(instance, name, row[index])
        return instance


class CompiledLookup:
    """``first(using, shape, **values)``: the first row of ``build(using, shape, **markers)``.

    ``build`` returns the queryset with ``Marker`` values where the request's values go.
    """

    def __init__(self, build, *names):
        self.build = build
        self.markers = {name: Marker(name) for name in names}
        self._compiled = {}

    def _for(self, using, shape):
        key = (using, connections[using].vendor, shape)
        compiled = self._compiled.get(key)
        if compiled is None:
            queryset = self.build(using, shape, **self.markers)[:1]
            compiled = self._compiled[key] = _Compiled(queryset, using, self.markers)
        return compiled

    def first(self, using, shape, **values):
        compiled = self._for(using, shape)
        params = [param if name is None else values[name] for name, param in compiled.parameters]
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            row = cursor.fetchone()
        return None if row is None else compiled.row_instance(connection, row)

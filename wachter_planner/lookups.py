"""`field__any=ids`: the rows whose integer field (an id) is one of a long list of values.

Django's `__in` prepares and binds every value on its own, which for the 10,000 trust ids of a
national recompute costs more than the query. On PostgreSQL `__any` sends the list as one
array literal (`= ANY('{1,2,…}'::bigint[])`): one constant to read, where psycopg2's own
`ARRAY[1, 2, …]` is 10,000 expressions to parse and plan. Elsewhere it is `__in`.

Give it a set: Django walks a list or tuple item by item before any lookup sees it.
"""

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, ForeignObject, Lookup
from django.db.models.lookups import In
from django.db.models.sql.compiler import SQLCompiler


class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, Any]:
        return compiler.compile(In(self.lhs, list(self.rhs)))

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, Any]:
        values = list(self.rhs)
        if not values:
            raise EmptyResultSet
        lhs, params = self.process_lhs(compiler, connection)
        # int() refuses anything but a whole number, so nothing else reaches the literal.
        literal = "{" + ",".join(str(int(value)) for value in values) + "}"
        return f"{lhs} = ANY(%s::bigint[])", [*params, literal]


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # relations keep lookups of their own

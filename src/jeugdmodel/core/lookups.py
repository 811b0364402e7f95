"""`__in` on an integer column with a value the database cannot hold.

Django already answers `pk=9223372036854775808` with "nothing found", but `pk__in=[…]`
still sends the number to the database: an OverflowError on SQLite, an error on
PostgreSQL. Every form with a multiple choice of records (the admin's team districts, for
one) did that with typed-in input. Such a value matches no row, so it is left out; with
nothing left, the result is empty. Registered for every IntegerField (and so every
AutoField) in CoreConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)

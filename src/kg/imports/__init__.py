"""Tables in: enterprise registries, park lists, project libraries (CSV, spreadsheets,
JSON Lines), read with a declarative mapping, checked row by row, each fact citing its
record (file with SHA-256, sheet, row, column).

- :mod:`kg.imports.read` - files to rows (encodings, sheets, formulas, oversized cells);
- :mod:`kg.imports.mapping` - the mapping files (``data/mappings/``);
- :mod:`kg.imports.values` - cells to literals (dates, money, numbers);
- :mod:`kg.imports.creditcode` - the unified social credit code (GB 32100-2015);
- :mod:`kg.imports.resolve` - places, GB/T 4754 classes, industries, tiers, known entities;
- :mod:`kg.imports.build` - rows to statements with their records;
- :mod:`kg.imports.run` - one import: dry run, strict, atomic replacement of the source.
"""

from kg.imports.run import ImportReport, find_mapping, import_file, imports, mapping_files

__all__ = ["ImportReport", "find_mapping", "import_file", "imports", "mapping_files"]

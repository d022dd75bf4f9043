"""A table of an export: its key (the file or sheet name), title, columns, rows and the
codebook's variables for its columns."""

from dataclasses import dataclass, field


@dataclass
class Table:
    key: str
    title: str
    columns: list
    rows: list
    variables: list = field(default_factory=list)  # codebook.Variable per column

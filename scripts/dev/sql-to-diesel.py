#!/usr/bin/env python3
"""Prints diesel `table!` definitions for the CREATE TABLE statements of a PostgreSQL
migration, so that api/src/db/schema.rs can be kept in step with the SQL by hand-review."""
import re
import sys

TYPES = {"TEXT": "Text", "INTEGER": "Integer", "SERIAL": "Integer", "BOOLEAN": "Bool",
         "DATE": "Date", "TIMESTAMP": "Timestamp", "DOUBLE": "Double"}

sql = open(sys.argv[1]).read()
for name, body in re.findall(r"CREATE TABLE (\w+) \((.*?)\n\);", sql, re.S):
    columns, keys = [], []
    for line in body.strip().splitlines():
        line = line.strip().rstrip(",")
        if not line or line.startswith(("CHECK", "UNIQUE", "FOREIGN", "--")):
            continue
        match = re.match(r"PRIMARY KEY \((.*)\)", line)
        if match:
            keys = [k.strip() for k in match.group(1).split(",")]
            continue
        column, kind = line.split()[:2]
        rust = TYPES[kind]
        nullable = "NOT NULL" not in line and "PRIMARY KEY" not in line
        if "PRIMARY KEY" in line:
            keys = [column]
        columns.append(f"        {column} -> {'Nullable<' + rust + '>' if nullable else rust},")
    print(f"diesel::table! {{\n    {name} ({', '.join(keys)}) {{")
    print("\n".join(columns))
    print("    }\n}\n")

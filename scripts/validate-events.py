#!/usr/bin/env python3
"""Validates CloudEvents (one JSON object per line) against docs/events/<type>.schema.json.

usage: validate-events.py SCHEMA_DIR EVENTS.jsonl
Prints one line per problem and exits 1 when any event does not match its schema or has a type
without a schema; exits 0 and prints a count otherwise. Used by the integration tests so the
published schemas and what the services emit cannot drift apart.
"""
import json
import os
import sys

import jsonschema


def main() -> int:
    schema_dir, events_path = sys.argv[1], sys.argv[2]
    problems = 0
    checked = 0
    validators = {}
    with open(events_path, encoding="utf-8") as events:
        for number, line in enumerate(events, 1):
            if not line.strip():
                continue
            event = json.loads(line)
            event_type = event.get("type", "")
            if event_type not in validators:
                path = os.path.join(schema_dir, f"{event_type}.schema.json")
                if not os.path.exists(path):
                    print(f"line {number}: no schema for type {event_type!r}")
                    problems += 1
                    continue
                with open(path, encoding="utf-8") as schema_file:
                    schema = json.load(schema_file)
                validators[event_type] = jsonschema.Draft202012Validator(
                    schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
            for error in validators[event_type].iter_errors(event):
                location = "/".join(str(part) for part in error.absolute_path)
                print(f"line {number} ({event_type}) at {location or '<root>'}: {error.message}")
                problems += 1
            checked += 1
    print(f"{checked} events checked, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

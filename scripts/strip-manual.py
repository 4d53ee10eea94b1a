#!/usr/bin/env python3
"""Prints an mdoc page made by generate-manual without the entries of the
internal subcommands (`.It Em tutor` and `.It Em __child` with their option
lists), so the manual lists what `ptt --help` lists."""
import sys

HIDDEN = {"tutor", "__child"}
lines = open(sys.argv[1]).read().split("\n")
out, i = [], 0
while i < len(lines):
    line = lines[i]
    if line.startswith(".It Em ") and line[len(".It Em "):].strip() in HIDDEN:
        # Skip the entry: its text and its nested .Bl ... .El option list.
        i += 1
        depth = 0
        while i < len(lines):
            if lines[i].startswith(".Bl"):
                depth += 1
            elif lines[i].startswith(".El"):
                if depth == 0:
                    break
                depth -= 1
                if depth == 0:
                    i += 1
                    break
            elif depth == 0 and lines[i].startswith(".It "):
                break
            i += 1
        continue
    out.append(line)
    i += 1
sys.stdout.write("\n".join(out))

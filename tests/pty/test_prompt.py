#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Drives tilde-search's interactive prompt through a pseudo-terminal, as a person would.

Usage: test_prompt.py TILDE_INDEX TILDE_SEARCH CORPUS_DIR

Builds an index of CORPUS_DIR in a temporary folder (no progress bar down a pipe, a bar on a
terminal), then checks: a highlighted Guaidó
passage for `guaido`, paging with :more, :open 1, :explain 1, wrapping that follows a window
resize, Ctrl-C clearing the line,
Tab completing `guai` to `Guaidó`, Ctrl-D leaving with status 0, the history coming back
after a restart; then the pager for long output, the welcome line before -i QUERY's results,
Tab completing commands, and `exit`/`quit` typed alone leaving. Exits non-zero with pexpect's transcript on the first failure.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import pexpect
except ImportError:
    sys.exit("test_prompt.py: error: needs python3-pexpect (bash .ci/install-deps --tests installs it)")

PROMPT = "tilde> "
MATCH_ON = "\x1b[1;31m"
MATCH_OFF = "\x1b[0m"
UP_ARROW = "\x1b[A"


def start(search, index, state_dir, args=(), pager="", expect_prompt=True):
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env.pop("COLUMNS", None)
    env.pop("TILDE_PAGER", None)
    # No pager unless one is asked for: less would wait for keys in the middle of a check.
    env.update(TERM="xterm", HOME=state_dir, XDG_STATE_HOME=state_dir, INPUTRC="/dev/null",
               PAGER=pager)
    child = pexpect.spawn(search, ["--index", index, *args], env=env, encoding="utf-8",
                          dimensions=(40, 100), timeout=30)
    child.logfile_read = sys.stdout  # the transcript, shown by ctest --output-on-failure
    child.expect_exact(":help lists the commands")
    if expect_prompt:
        child.expect_exact(PROMPT)
    return child


def edit_and_search(child, keys, shown):
    """Types `keys` (Tab, arrows...), expects the line to show `shown`, and runs it."""
    child.send(keys)
    child.expect_exact(shown)
    child.sendline("")
    child.expect(r"passages match \(showing 1–10\)")
    child.expect_exact(PROMPT)


def leave(child, keys, name):
    """Types `keys` and expects the program to end with status 0."""
    child.send(keys)
    child.expect(pexpect.EOF)
    child.close()
    check(child.exitstatus == 0, f"{name}: exit status {child.exitstatus}, not 0")


def index_on_terminal(index_program, args, progress):
    """Runs tilde-index on a terminal: the `progress` line, then the summary, status 0."""
    indexing = pexpect.spawn(index_program, args, encoding="utf-8", dimensions=(40, 120),
                             timeout=60)
    indexing.logfile_read = sys.stdout
    indexing.expect(progress)
    indexing.expect_exact("indexed 5 documents from 5 files")
    indexing.expect(pexpect.EOF)
    indexing.close()
    check(indexing.exitstatus == 0, f"tilde-index {' '.join(args)}: status {indexing.exitstatus}")


def check(condition, message):
    if not condition:
        sys.exit("test_prompt.py: FAILED: " + message)


def main():
    index_program, search, corpus = sys.argv[1:4]
    with tempfile.TemporaryDirectory(prefix="tilde-pty-") as temp:
        index = os.path.join(temp, "venezuela.idx")
        # Through a pipe, tilde-index prints its summary and no progress bar.
        piped = subprocess.run([index_program, "--index", index, corpus], check=True,
                               capture_output=True, encoding="utf-8")
        check("\r" not in piped.stderr and "%" not in piped.stderr,
              f"a progress bar went down a pipe: {piped.stderr!r}")
        check("indexed 5 documents from 5 files" in piped.stderr, piped.stderr)
        # On a terminal, a bar with the share of bytes read, redrawn in place, then the summary.
        shutil.rmtree(index)
        index_on_terminal(index_program, ["--index", index, corpus],
                          r"\r\x1b\[K\[[#.]{10,40}\] \d+% [\d.]+ kB of [\d.]+ kB")
        # A large run (segments from the first byte) says when it merges, after the last file.
        index_on_terminal(index_program,
                          ["--bulk-mb", "0", "--index", os.path.join(temp, "large.idx"), corpus],
                          r"100% [\d.]+ kB of [\d.]+ kB, 5 files of 5; merging them into the index")
        state = os.path.join(temp, "state")
        os.mkdir(state)

        child = start(search, index, state)
        # A query: ranked passages with Guaidó highlighted, then the status line.
        child.sendline("guaido")
        child.expect_exact(MATCH_ON + "Guaidó" + MATCH_OFF)
        child.expect(r"(\d+) passages match \(showing 1–10\) in [\d.]+ ms")
        total = int(child.match.group(1))
        check(total > 20, f"expected more than 20 passages for guaido, got {total}")
        child.expect_exact(PROMPT)

        # Paging.
        child.sendline(":more")
        child.expect_exact("11. ")
        child.expect_exact("(showing 11–20)")
        child.expect_exact(PROMPT)

        # The whole document of result 1, its passage marked with a bar.
        child.sendline(":open 1")
        child.expect_exact("Venezuela opposition ‘has met military’, says Juan Guaidó")
        child.expect(r"004_926f802af591d6d1\.txt · (\d+) passages")
        child.expect_exact("▌ ¶1")
        child.expect_exact("Published at Thu, 31 Jan 2019")  # its last passage
        child.expect_exact(PROMPT)

        # Why result 1 ranked first: per-term weights adding up to the total.
        child.sendline(":explain 1")
        child.expect(r"guaido\s+stem guaido\s+es en\s+Guaidó\s+([\d.]+)")
        stem_weight = float(child.match.group(1))
        child.expect(r"guaido\s+title guaido\s+-\s+Guaidó\s+([\d.]+)")
        title_weight = float(child.match.group(1))
        child.expect(r"guaido\s+word guaido\s+-\s+Guaidó\s+([\d.]+)")
        word_weight = float(child.match.group(1))
        child.expect(r"phrase/proximity bonus\s+([\d.]+)")
        bonus = float(child.match.group(1))
        child.expect(r"total\s+([\d.]+)")
        score = float(child.match.group(1))
        check(abs(stem_weight + title_weight + word_weight + bonus - score) < 0.002,
              f"weights {stem_weight} + {title_weight} + {word_weight} + {bonus} "
              f"do not add up to {score}")
        child.expect_exact(PROMPT)

        # Text wraps to the window, and follows it when the window is resized.
        child.setwinsize(40, 60)
        child.expect_exact(PROMPT)  # readline redraws its line for the new size
        child.sendline(":open 1")
        child.expect_exact(PROMPT)
        document = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", child.before)
        check("Published at Thu, 31 Jan 2019" in document, "resized :open 1 lacks its end")
        widths = [len(line) for line in document.replace("\r", "").split("\n")]
        check(max(widths) <= 60 and max(widths) > 45, f"lines of width {max(widths)} in 60 columns")
        child.setwinsize(40, 100)
        child.expect_exact(PROMPT)

        # Ctrl-C drops the half-typed line and the program goes on.
        child.send("half typed")
        child.sendcontrol("c")
        child.expect_exact("^C")
        child.expect_exact(PROMPT)
        child.sendline(":stats")
        child.expect(r"passages\s+\d+")
        child.expect_exact("analyzer   es-en/1")
        child.expect_exact(PROMPT)
        check(child.isalive(), "Ctrl-C ended the program")

        # Tab completes an index word in the corpus's own spelling.
        edit_and_search(child, "guai\t", "Guaidó")
        leave(child, "\x04", "Ctrl-D")

        history = os.path.join(state, "tilde", "history")
        with open(history, encoding="utf-8") as file:
            lines = [line.strip() for line in file]
        check("guaido" in lines and "Guaidó" in lines and ":open 1" in lines,
              f"history file holds {lines}")

        # After a restart the history is back: Up recalls the last line, the completed word.
        child = start(search, index, state)
        edit_and_search(child, UP_ARROW, "Guaidó")
        leave(child, ":quit\r", ":quit")

        # -i QUERY: the welcome line comes before the first results, which are taller than the
        # window and so go through the pager ($PAGER; here one that marks each line).
        child = start(search, index, state, ["-n", "30", "-i", "guaido"],
                      pager="sed s/^/PAGED:/", expect_prompt=False)
        child.expect_exact("PAGED:1. ")
        child.expect(r"PAGED:\d+ passages match \(showing 1–")
        child.expect_exact(PROMPT)
        # :open of a long document goes through the pager too; a short answer does not.
        child.sendline(":open 1")
        child.expect_exact("PAGED:")
        child.expect_exact("Published at Thu, 31 Jan 2019")
        child.expect_exact(PROMPT)
        child.sendline(":limit")
        child.expect_exact("results per page: 30")
        check("PAGED:" not in child.before, "a one-line answer went through the pager")
        child.expect_exact(PROMPT)
        # Tab completes commands after ':'.
        child.send(":expl\t")
        child.expect_exact(":explain ")
        child.sendline("2")
        child.expect(r"phrase/proximity bonus")
        child.expect_exact(PROMPT)
        # "exit" typed alone leaves, as in sqlite3 and python; so does "quit".
        leave(child, "exit\r", "exit")
        child = start(search, index, state)
        leave(child, "quit\r", "quit")
    print("\ntest_prompt.py: all prompt checks passed")


if __name__ == "__main__":
    main()

"""Pocket calculator service: evaluates one arithmetic expression a line with no builtins and
a list of forbidden words. The words are checked on the raw text, which is the weakness.

The calculator watches itself with an audit hook: while an expression is evaluated, opening a
file or starting a process is an escape, recorded as a file_read outcome when it touches the
secret. Evaluations that succeed are logged to evaluated.log."""
import json
import sys

import outcome_log
from line_server import serve

config = json.load(open("config.json"))
FORBIDDEN = ("import", "open", "exec", "eval", "system", "flag", "globals", "builtins",
             "subprocess", "compile", "breakpoint", "input")
evaluating = [False]


def watch(event, args):
    if not evaluating[0]:
        return
    if event in ("open", "os.system", "subprocess.Popen", "os.posix_spawn", "os.exec"):
        evaluating[0] = False  # the record itself opens a file
        try:
            if "flag" in repr(args):
                outcome_log.record("file_read", f"{event} {args!r}"[:200])
        finally:
            evaluating[0] = True


sys.addaudithook(watch)


def handle(command, argument, session):
    expression = f"{command} {argument}".strip()
    if len(expression) > 400:
        return "error: expression too long"
    for word in FORBIDDEN:
        if word in expression:
            return f"error: '{word}' is not allowed"
    evaluating[0] = True
    try:
        value = eval(expression, {"__builtins__": {}}, {})
    except Exception as error:
        return f"error: {type(error).__name__}"
    finally:
        evaluating[0] = False
    with open("evaluated.log", "a") as log:
        log.write(expression.replace("\n", " ") + "\n")
    return repr(value)[:2000]


serve(int(config["port"]), "Pocket calculator. Enter an expression, e.g. 6*7.", handle)

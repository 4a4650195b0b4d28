#!/usr/bin/env python3
"""Runs the README's command blocks against a started service and compares each output with the README.

    scripts/readme.sh            check: every command block runs, exits 0, and prints what the README shows
    scripts/readme.sh --update   rewrite the README's output blocks with what the commands print now

The README's conventions (its section "The README is tested" says the same for its readers):
- A ```sh block is run with bash from the repository root, in one shell session for the whole README
  (variables and files carry over from block to block). A ``` block whose lines begin with "$ " is a
  transcript: each "$ " command (with its continuation lines) is run, and the lines up to the next "$ "
  are its output.
- The block right after a ```sh block (blank lines between at most), if it is ```json, ```csv, ```text or
  a bare ```, is that command's output. JSON is compared as data (so jq's layout or a hand's does not
  matter), anything else line by line.
- The commands name the service as localhost:5080; the runner starts the Release build on a free loopback
  port of its own and rewrites that address (5080 may be taken on a shared machine).
- Masked before comparing, because they change from run to run: "traceId" values.
- A block that cannot run here says so on the line before it:
  <!-- readme: not run: <why> -->
  (a Docker engine, a Kubernetes cluster, the internet, a service in the foreground); the runner lists
  those blocks with their reasons.
Closing line: "readme: N passed, N failed". Exit status 1 when anything failed.
"""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
README = os.path.join(ROOT, "README.md")
DLL = os.path.join(ROOT, "src", "ReadinessApi", "bin", "Release", "net10.0", "ReadinessApi.dll")
NOT_RUN = re.compile(r"<!--\s*readme:\s*not run:\s*(.*?)\s*-->")
OUTPUT_LANGS = {"json", "csv", "text", ""}
MASKS = [(re.compile(r'("traceId"\s*:\s*")[0-9a-f]+(")'), r"\1…\2")]
DONE = "__README_BLOCK_DONE__"


def blocks(lines):
    """Fenced blocks as (start line index of the fence, language, body lines, reason it is not run or None)."""
    found, i = [], 0
    while i < len(lines):
        m = re.match(r"^```(\S*)\s*$", lines[i])
        if not m:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and lines[j].rstrip() != "```":
            j += 1
        previous = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), "")
        reason = NOT_RUN.search(previous)
        found.append((i, m.group(1), lines[i + 1:j], reason.group(1) if reason else None))
        i = j + 1
    return found


def complete(command):
    """True when bash can parse the command whole (a transcript command may span lines)."""
    if command.rstrip().endswith("\\"):
        return False
    return subprocess.run(["bash", "-n", "-c", command], capture_output=True).returncode == 0


def transcript(body):
    """A "$ " transcript as [(command, expected output lines)]."""
    steps, i = [], 0
    while i < len(body):
        if not body[i].startswith("$ "):
            i += 1
            continue
        command = body[i][2:]
        i += 1
        while not complete(command) and i < len(body):
            command += "\n" + body[i]
            i += 1
        output = []
        while i < len(body) and not body[i].startswith("$ "):
            output.append(body[i])
            i += 1
        steps.append((command, output))
    return steps


class Shell:
    """One bash session for the whole README, from the repository root."""

    def __init__(self, base):
        self.base = base
        self.proc = subprocess.Popen(["bash"], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, bufsize=1)

    def run(self, command, timeout=300):
        command = command.replace("http://localhost:5080", self.base).replace("localhost:5080", self.base)
        self.proc.stdin.write(f"{command}\nprintf '\\n{DONE} %s\\n' \"$?\"\n")
        self.proc.stdin.flush()
        out, deadline = [], time.time() + timeout
        for line in self.proc.stdout:
            if line.startswith(DONE):
                status = int(line.split()[1])
                if out and out[-1] == "\n":
                    out.pop()
                # CRLF (CSV answers end their lines so) is shown and compared as plain line ends.
                return status, "".join(out).replace("\r\n", "\n").rstrip("\n")
            out.append(line)
            if time.time() > deadline:
                break
        raise RuntimeError(f"no answer from: {command}")


def masked(text):
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text


def as_data(text):
    """The text as JSON data (one document, or one per line), or None."""
    text = masked(text).strip()
    if not text:
        return None
    try:
        return [json.loads(text)]
    except ValueError:
        pass
    try:
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    except ValueError:
        return None


def same(expected, actual):
    data = as_data(expected)
    if data is not None:
        return data == as_data(actual)
    lines = lambda t: [l.rstrip() for l in masked(t).strip().splitlines()]
    return lines(expected) == lines(actual)


def start_service():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    if not os.path.exists(DLL):
        subprocess.run(["dotnet", "build", os.path.join(ROOT, "src", "ReadinessApi"), "-c", "Release", "-nologo", "-clp:ErrorsOnly"], check=True)
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Production", DOTNET_NOLOGO="1")
    env.pop("ConnectionStrings__Redis", None)
    log = tempfile.TemporaryFile()
    service = subprocess.Popen(["dotnet", DLL, "--urls", base], cwd=tempfile.gettempdir(), env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 120
    while time.time() < deadline:
        if service.poll() is not None:
            log.seek(0)
            sys.exit(f"readme: the service exited with {service.returncode}: {log.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(base + "/health/ready", timeout=2) as r:
                if r.status == 200:
                    return service, base
        except OSError:
            time.sleep(0.3)
    service.kill()
    sys.exit("readme: the service did not become ready within 120 s")


def main():
    update = "--update" in sys.argv[1:]
    with open(README, encoding="utf-8") as f:
        lines = f.read().split("\n")
    found = blocks(lines)
    service, base = start_service()
    shell = Shell(base)
    passed = failed = 0
    replacements = {}  # fence line index -> new body lines
    try:
        for n, (start, lang, body, reason) in enumerate(found):
            where = f"README.md:{start + 1}"
            after = found[n + 1] if n + 1 < len(found) else None
            is_transcript = lang in ("", "console") and any(l.startswith("$ ") for l in body)
            if reason is not None:
                if lang == "sh" or is_transcript:
                    print(f"readme: not run: {where}: {reason}")
                continue
            if is_transcript:
                steps = transcript(body)
                new_body, ok = [], True
                for command, expected in steps:
                    status, actual = shell.run(command)
                    blank_after = len(expected) - len("\n".join(expected).rstrip("\n").split("\n")) if "".join(expected).strip() else len(expected)
                    new_body += [f"$ {command.splitlines()[0]}", *command.splitlines()[1:]] + (actual.split("\n") if actual else []) + [""] * blank_after
                    if status != 0 or not same("\n".join(expected), actual):
                        ok = False
                        print(f"readme: FAILED {where}: $ {command.splitlines()[0]}\n  exit {status}\n  expected:\n{chr(10).join(expected)}\n  actual:\n{actual}")
                replacements[start] = new_body
                passed, failed = (passed + 1, failed) if ok else (passed, failed + 1)
                continue
            if lang != "sh":
                continue
            status, actual = shell.run("\n".join(body))
            between = lines[start + len(body) + 2:after[0]] if after else []
            output = after if after and after[1] in OUTPUT_LANGS and after[3] is None and not any(l.strip() for l in between) \
                and not any(l.startswith("$ ") for l in after[2]) else None
            ok = status == 0 and (output is None or same("\n".join(output[2]), actual))
            if output is not None:
                replacements[output[0]] = actual.split("\n")
            if ok:
                passed += 1
            else:
                failed += 1
                expected = "\n".join(output[2]) if output else "(no output block)"
                print(f"readme: FAILED {where}: exit {status}\n  expected:\n{expected}\n  actual:\n{actual}")
    finally:
        shell.proc.stdin.close()
        service.terminate()
        service.wait(timeout=30)
    if update:
        for start in sorted(replacements, reverse=True):
            end = start + 1
            while lines[end].rstrip() != "```":
                end += 1
            lines[start + 1:end] = replacements[start]
        with open(README, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        print(f"readme: {len(replacements)} output blocks rewritten")
    print(f"readme: {passed} passed, {failed} failed")
    return 1 if failed and not update else 0


if __name__ == "__main__":
    sys.exit(main())

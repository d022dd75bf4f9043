"""The parts of a running deployment, as real processes on 127.0.0.1, for the production
smoke (scripts/smoke.py) and the tests that need more than one process: gunicorn, Celery
workers, an SMTP server that records what it receives, and a browser-like HTTP client."""

import contextlib
import os
import re
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(url, name):
    """`url` with another database name (same server, user and options)."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(url):
    """Drop and create the database of `url`, on its server's maintenance database."""
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with psycopg.connect(database_url(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url):
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with psycopg.connect(database_url(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_env(database, redis, **extra):
    """The environment of a production process (alisvest.settings.production) on 127.0.0.1."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "alisvest.settings.production",
        "SECRET_KEY": "smoke-" + uuid.uuid4().hex + uuid.uuid4().hex,
        "DATABASE_URL": database,
        "REDIS_URL": redis,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "https://127.0.0.1",
        "LOG_FORMAT": "plain",
        **{k: str(v) for k, v in extra.items()},
    }


def manage(env, *args, check=True):
    return subprocess.run(  # noqa: S603 - our own command, no shell
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=check,
        capture_output=True,
        text=True,
    )


class Processes:
    """Started processes, their output in log files, all stopped on leaving the block."""

    def __init__(self):
        self.running = {}
        self.logs = Path(tempfile.mkdtemp(prefix="alisvest-processes-"))

    def start(self, name, command, env):
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
        process = subprocess.Popen(  # noqa: S603 - our own commands, no shell
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        self.running[name] = (process, log)
        return process

    def gunicorn(self, name, env, port, workers=2, wait=True):
        """Start gunicorn on 127.0.0.1:port; its base URL. With wait=False, call
        wait_for(name, port) before using it (servers then boot side by side)."""
        command = [sys.executable, "-m", "gunicorn", "alisvest.wsgi", "--workers", str(workers)]
        command += ["--bind", f"127.0.0.1:{port}", "--graceful-timeout", "5"]
        self.start(name, command, env)
        if wait:
            self.wait_for(name, port)
        return f"http://127.0.0.1:{port}"

    def wait_for(self, name, port):
        wait_for_port(port, self.running[name][0], lambda: self.log(name))

    def worker(self, name, env, queue=None):
        command = [sys.executable, "-m", "celery", "-A", "alisvest", "worker", "--pool=solo"]
        command += ["--loglevel=INFO", "--without-gossip", "--without-mingle", "-n", name]
        command += ["-Q", queue] if queue else []
        return self.start(name, command, env)

    def kill(self, name):
        process, log = self.running.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        log.close()

    def stop(self, name):
        process, log = self.running.pop(name)
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        log.close()

    def log(self, name):
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace):
        names = list(self.running)
        for name in names:
            self.stop(name)
        if kind is not None:  # what each process said, for whoever reads the failure
            for name in names:
                print(f"--- {name} ---\n{self.log(name)[-6000:]}", file=sys.stderr)
        shutil.rmtree(self.logs, ignore_errors=True)


def wait_for_port(port, process, log_text=str, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process on port {port} ended early:\n{log_text()}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing answers on port {port}")


def wait_until(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.25)
    raise TimeoutError(f"waited {seconds} s for {what}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Browser:
    """A person's browser behind the TLS proxy: cookies kept (the Secure ones too, as over
    https), X-Forwarded-Proto: https and a same-origin Referer as the proxy and the browser
    send, redirects not followed (the caller reads Location)."""

    def __init__(self, base):
        self.base, self.cookies = base, {}
        self.opener = urllib.request.build_opener(_NoRedirect)

    def request(self, method, path, body=None, content_type=None, headers=None):
        netloc = urllib.parse.urlsplit(self.base).netloc
        sent = {"X-Forwarded-Proto": "https", "Referer": f"https://{netloc}{path}"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            sent["Content-Type"] = content_type
        request = urllib.request.Request(  # noqa: S310 - http to our own server
            self.base + path, data=body, method=method, headers=sent | (headers or {})
        )
        try:
            with self.opener.open(request, timeout=60) as answer:  # noqa: S310 - our own URL
                response = Response(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as error:
            response = Response(error.code, error.headers, error.read())
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def csrf(self, path):
        page = self.get(path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if not found:
            raise AssertionError(f"no CSRF token on {path} ({page.status})")
        return found.group(1)

    def post(self, path, fields, files=None, form_path=None):
        fields = {"csrfmiddlewaretoken": self.csrf(form_path or path), **fields}
        body, content_type = multipart(fields, files or {})
        return self.request("POST", path, body=body, content_type=content_type)

    def login(self, email, password):
        answer = self.post("/accounts/login/", {"login": email, "password": password})
        if answer.status != 302:
            raise AssertionError(f"login as {email} answered {answer.status}")
        return answer


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    body = "".join(parts).encode()
    for name, (filename, content, mimetype) in files.items():
        body += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {mimetype}\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


class SmtpSink(socketserver.ThreadingTCPServer):
    """An SMTP server on 127.0.0.1 that keeps every message it is given (in `messages`).
    With `hold` set, a connection is held silent (no greeting) until `release` is set: a
    worker sending mail is then stuck mid-task, where a test can kill it."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        self.messages, self.connections = [], 0
        self.hold, self.release = threading.Event(), threading.Event()
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def close(self):
        self.release.set()
        self.shutdown()
        self.server_close()


class _SmtpHandler(socketserver.StreamRequestHandler):
    def handle(self):
        server = self.server
        server.connections += 1
        if server.hold.is_set():
            server.release.wait(120)
            return
        self.say("220 smoke ESMTP")
        with contextlib.suppress(ConnectionError):
            self.conversation(server)

    def say(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def conversation(self, server):
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.say("250 smoke")
            elif command == "DATA":
                self.say("354 go on")
                server.messages.append(self.read_data())
                self.say("250 kept")
            elif command == "QUIT":
                self.say("221 bye")
                return
            else:
                self.say("250 ok")

    def read_data(self):
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line)
        return b"".join(lines)

"""A headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe): no port, no
websocket library, nothing but the standard library. Messages are JSON, each ended by a NUL byte; the
browser reads them on its fd 3 and writes on its fd 4.

    with Browser(chromium, profile) as browser:
        page = browser.new_page(width=390, height=800)
        page.navigate(url)
        page.evaluate("document.title")
"""
import base64
import fcntl
import json
import os
import subprocess
import time


class ProtocolError(Exception):
    pass


class Browser:
    def __init__(self, chromium, profile, timeout=120):
        self.timeout = timeout
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()

        def wire():  # in the child: its fd 3 reads our commands, its fd 4 carries its answers
            # Above 4 first, so neither end is closed by the other's dup2 when one of them is fd 3 or 4.
            commands = fcntl.fcntl(to_browser_read, fcntl.F_DUPFD, 10)
            answers = fcntl.fcntl(from_browser_write, fcntl.F_DUPFD, 10)
            os.dup2(commands, 3)
            os.dup2(answers, 4)

        self._process = subprocess.Popen(
            [
                chromium,
                "--headless",
                "--remote-debugging-pipe",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=wire,
            pass_fds=(3, 4),  # kept open past wire(), which runs before the other descriptors are closed
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self.events = []  # (session, method, params) of every event seen

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self._process.poll() is None:
            try:
                self.send("Browser.close")
            except (ProtocolError, OSError):
                pass
            try:
                self._process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass

    def stderr(self):
        return self._process.stderr.read().decode(errors="replace") if self._process.poll() is not None else ""

    def _read_message(self, deadline):
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise ProtocolError("no answer from chromium in time")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise ProtocolError(f"chromium closed the pipe (exit {self._process.poll()})")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=None):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._read_message(deadline)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise ProtocolError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            if "method" in answer:
                self.events.append((answer.get("sessionId"), answer["method"], answer.get("params", {})))

    def wait_for(self, method, session, seen_before):
        """The first event `method` of `session` after the first `seen_before` events."""
        deadline = time.monotonic() + self.timeout
        index = seen_before
        while True:
            while index < len(self.events):
                event = self.events[index]
                index += 1
                if event[0] == session and event[1] == method:
                    return event[2]
            answer = self._read_message(deadline)
            if "method" in answer:
                self.events.append((answer.get("sessionId"), answer["method"], answer.get("params", {})))

    def new_page(self, width, height):
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        for domain in ("Page", "Runtime", "Log"):
            page.send(f"{domain}.enable")
        page.resize(width, height)
        return page


class Page:
    def __init__(self, browser, session):
        self.browser = browser
        self.session = session
        self.width = 0

    def send(self, method, params=None):
        return self.browser.send(method, params, self.session)

    def resize(self, width, height):
        self.width = width
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})

    def navigate(self, url):
        seen = len(self.browser.events)
        self.send("Page.navigate", {"url": url})
        self.browser.wait_for("Page.loadEventFired", self.session, seen)

    def evaluate(self, expression):
        """The JSON value of `expression`; DevTools' evaluation is not the page's script, so the page's
        Content-Security-Policy, which forbids scripts, does not stop it."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise ProtocolError(f"evaluating failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def console(self):
        """What the page logged: console calls, uncaught exceptions, and the browser's own log entries
        (a Content-Security-Policy violation, a failed load)."""
        lines = []
        for session, method, params in self.browser.events:
            if session != self.session:
                continue
            if method == "Runtime.consoleAPICalled":
                lines.append(f"console.{params['type']}: " + " ".join(str(a.get("value", a.get("description"))) for a in params["args"]))
            elif method == "Runtime.exceptionThrown":
                lines.append(f"exception: {params['exceptionDetails'].get('text')}")
            elif method == "Log.entryAdded":
                entry = params["entry"]
                lines.append(f"{entry['source']} {entry['level']}: {entry['text']}")
        return lines

    def emulate(self, media="", dark=False):
        self.send("Emulation.setEmulatedMedia",
                  {"media": media, "features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})

    def screenshot(self, path, whole_page=True):
        """The whole page, as tall as its content, at the page's width; or what the viewport shows."""
        expression = "document.documentElement.scrollHeight" if whole_page else "window.innerHeight"
        height = self.evaluate(f"Math.ceil({expression})")
        data = self.send("Page.captureScreenshot",
                         {"format": "png", "captureBeyondViewport": True,
                          "clip": {"x": 0, "y": 0, "width": self.width, "height": height, "scale": 1}})["data"]
        path.write_bytes(base64.b64decode(data))

    def pdf(self, path):
        data = self.send("Page.printToPDF", {"printBackground": True, "displayHeaderFooter": False})["data"]
        path.write_bytes(base64.b64decode(data))

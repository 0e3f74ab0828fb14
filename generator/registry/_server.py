"""Running the embedded registry: in the foreground (the CLI), in a thread, or in a subprocess."""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

READY_PREFIX = "schema registry listening on "
LOCK_FILE = "registry.lock"


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY on accepted connections only when the
    # listening socket says TCP; with proto 0 every response waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        from generator.errors import ContractsError

        raise ContractsError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def lock_data_dir(data_dir: Path | str) -> IO[bytes]:
    """Hold the data folder for this server's lifetime (the OS lets go when the process dies).

    Two servers on one folder each cache parsed schemas by id; after a delete and a reuse of
    the id one of them served the old schema. So the second server is refused.
    """
    from generator.errors import ContractsError

    folder = Path(data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = (folder / LOCK_FILE).open("ab")
    except OSError as error:
        raise ContractsError(f"cannot use the registry data folder: {error.strerror}",
                             folder) from None
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise ContractsError("another schema registry is already serving this data folder "
                             f"(it holds {LOCK_FILE}); stop it or pass another --data",
                             folder) from None
    return handle


@dataclass
class _Parts:
    server: Any
    store: Any
    lock: IO[bytes]

    def close(self) -> None:
        self.store.close()
        self.lock.close()


def _server(data_dir: Path | str, auth_file: Path | str | None,
            max_body: int | None) -> _Parts:
    import uvicorn

    from generator.registry._app import create_app
    from generator.registry._auth import Credentials
    from generator.registry._limits import DEFAULT_MAX_BODY
    from generator.registry._offload import start as start_workers
    from generator.registry._store import Store

    credentials = None if auth_file is None else Credentials.from_file(auth_file)
    lock = lock_data_dir(data_dir)
    try:
        store = Store(Path(data_dir) / "registry.db")
    except BaseException:
        lock.close()
        raise
    app = create_app(store, credentials=credentials,
                     max_body=DEFAULT_MAX_BODY if max_body is None else max_body)
    start_workers()
    config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False,
                            timeout_graceful_shutdown=2)
    return _Parts(uvicorn.Server(config), store, lock)


def serve(*, host: str = "127.0.0.1", port: int = 8081, data_dir: Path | str = ".registry",
          auth_file: Path | str | None = None, max_body: int | None = None,
          on_ready: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted (SIGINT or SIGTERM); `on_ready` gets the base URL."""
    parts = _server(data_dir, auth_file, max_body)
    try:
        sock = _bind(host, port)
    except BaseException:
        parts.close()
        raise
    server = parts.server
    url = _url(host, sock.getsockname()[1])
    original = server.startup

    async def startup(sockets: list[socket.socket] | None = None) -> None:
        await original(sockets=sockets)
        if on_ready is not None:
            on_ready(url)

    server.startup = startup
    # uvicorn shuts down gracefully on SIGTERM, then re-raises it: make that a clean exit 0.
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _exit_cleanly)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        parts.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _exit_cleanly(signum: int, frame: object) -> None:
    raise SystemExit(0)


@dataclass
class ThreadedRegistry:
    """A registry served from a daemon thread of this process."""

    url: str
    _parts: _Parts = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    def stop(self) -> None:
        self._parts.server.should_exit = True
        self._thread.join(timeout=10)
        self._parts.close()

    def __enter__(self) -> ThreadedRegistry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_in_thread(data_dir: Path | str, *, host: str = "127.0.0.1", port: int = 0,
                    auth_file: Path | str | None = None,
                    max_body: int | None = None) -> ThreadedRegistry:
    parts = _server(data_dir, auth_file, max_body)
    try:
        sock = _bind(host, port)
    except BaseException:
        parts.close()
        raise
    server = parts.server
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                              name="schema-registry")
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            parts.close()
            raise RuntimeError("the embedded schema registry did not start")
        time.sleep(0.01)
    return ThreadedRegistry(_url(host, sock.getsockname()[1]), parts, thread)


@dataclass
class ProcessRegistry:
    """A registry served by `contracts registry serve` in a child process."""

    url: str
    process: subprocess.Popen[str] = field(repr=False)

    def stop(self) -> int:
        """Stop gracefully (SIGTERM) and return the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._close()
        return self.process.returncode

    def kill(self) -> None:
        """SIGKILL: no shutdown, no flushing; what was acknowledged must still be there."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self._close()

    def _close(self) -> None:
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()

    def __enter__(self) -> ProcessRegistry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_process(data_dir: Path | str, *, host: str = "127.0.0.1", port: int = 0,
                  auth_file: Path | str | None = None, max_body: int | None = None,
                  timeout: float = 30.0) -> ProcessRegistry:
    """Start `python -m generator registry serve` and wait for its ready line."""
    command = [sys.executable, "-m", "generator", "registry", "serve", "--host", host,
               "--port", str(port), "--data", str(data_dir)]
    if auth_file is not None:
        command += ["--auth-file", str(auth_file)]
    if max_body is not None:
        command += ["--max-body", str(max_body)]
    errors = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - the child writes to it
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True)
    assert process.stdout is not None
    result: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(READY_PREFIX):
                result.append(line[len(READY_PREFIX):].strip())
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout)
    if not result:
        process.kill()
        process.wait()
        errors.seek(0)
        detail = errors.read().strip()[-500:]
        raise RuntimeError(f"the schema registry process did not start: {detail}")
    errors.close()
    return ProcessRegistry(result[0], process)

# tests/e2e/stream_nats.py
#	A tiny NATS client over the text protocol, for the cdc_stream tests:
#	JetStream stream creation, stream info, and reading stored messages by
#	sequence ($JS.API.STREAM.MSG.GET), independent of the client under test;
#	and watching a subject live (the demo).
import base64
import json
import socket


class Nats:
    """One connection; request() sends a message and returns the reply body."""

    def __init__(self, port, user=None, password=None, host="127.0.0.1", timeout=10):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buf = b""
        self.inbox = "_INBOX.cdctest"
        self.next_id = 0
        info = self._line()
        if not info.startswith(b"INFO "):
            raise RuntimeError("not a NATS server: %r" % info)
        options = {"verbose": False, "pedantic": False, "headers": True, "no_responders": True,
                   "protocol": 1, "lang": "python-test", "version": "0"}
        if user is not None:
            options.update(user=user, **{"pass": password})
        self._send(b"CONNECT " + json.dumps(options).encode() + b"\r\nSUB " +
                   self.inbox.encode() + b".* 1\r\nPING\r\n")
        while True:
            line = self._line()
            if line == b"PONG":
                break
            if line.startswith(b"-ERR"):
                raise RuntimeError(line.decode())

    def _send(self, data):
        self.sock.sendall(data)

    def _fill(self):
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise RuntimeError("NATS connection closed")
        self.buf += chunk

    def _line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _bytes(self, n):
        while len(self.buf) < n + 2:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def request(self, subject, payload):
        """Publishes payload (bytes) with a reply inbox; returns (headers bytes, body bytes)."""
        self.next_id += 1
        reply = "%s.%d" % (self.inbox, self.next_id)
        self._send(b"PUB %s %s %d\r\n%s\r\n" % (subject.encode(), reply.encode(), len(payload), payload))
        while True:
            line = self._line()
            if line == b"PING":
                self._send(b"PONG\r\n")
                continue
            if line.startswith(b"-ERR"):
                raise RuntimeError(line.decode())
            parts = line.split(b" ")
            if parts[0] == b"MSG":
                data = self._bytes(int(parts[-1]))
                headers = b""
            elif parts[0] == b"HMSG":
                total, hlen = int(parts[-1]), int(parts[-2])
                data = self._bytes(total)
                headers, data = data[:hlen], data[hlen:]
            else:
                continue
            if parts[1].decode() == reply:
                return headers, data

    def api(self, subject, body):
        """A JetStream API call: the decoded JSON answer."""
        _, data = self.request("$JS.API." + subject, json.dumps(body).encode())
        return json.loads(data)

    def create_stream(self, name, subjects, **config):
        config.update(name=name, subjects=subjects)
        config.setdefault("storage", "file")
        answer = self.api("STREAM.CREATE." + name, config)
        if "error" in answer:
            raise RuntimeError("stream create: %s" % answer["error"])
        return answer

    def stream_state(self, name):
        answer = self.api("STREAM.INFO." + name, {})
        if "error" in answer:
            raise RuntimeError("stream info: %s" % answer["error"])
        return answer["state"]

    def get(self, name, seq):
        """Stored message seq: dict(subject, headers, data) or None if deleted."""
        answer = self.api("STREAM.MSG.GET." + name, {"seq": seq})
        if "error" in answer:
            if answer["error"].get("code") == 404:
                return None
            raise RuntimeError("msg get %d: %s" % (seq, answer["error"]))
        message = answer["message"]
        headers = {}
        if message.get("hdrs"):
            for line in base64.b64decode(message["hdrs"]).decode().split("\r\n")[1:]:
                if ":" in line:
                    key, value = line.split(":", 1)
                    headers[key.strip()] = value.strip()
        return {"seq": message["seq"], "subject": message["subject"], "headers": headers,
                "data": base64.b64decode(message.get("data", "")).decode()}

    def read_all(self, name):
        state = self.stream_state(name)
        messages = []
        for seq in range(state["first_seq"], state["last_seq"] + 1):
            message = self.get(name, seq)
            if message is not None:
                messages.append(message)
        return messages

    def watch(self, subject):
        """Yields (subject, headers dict, body text) of messages published on
        subject (wildcards allowed) from now on, as they arrive."""
        self.sock.settimeout(None)
        self._send(b"SUB %s 2\r\n" % subject.encode())
        while True:
            line = self._line()
            if line == b"PING":
                self._send(b"PONG\r\n")
                continue
            parts = line.split(b" ")
            if parts[0] not in (b"MSG", b"HMSG") or parts[2] != b"2":
                continue
            data = self._bytes(int(parts[-1]))
            headers = {}
            if parts[0] == b"HMSG":
                hlen = int(parts[-2])
                for field in data[:hlen].decode().split("\r\n")[1:]:
                    if ":" in field:
                        key, value = field.split(":", 1)
                        headers[key.strip()] = value.strip()
                data = data[hlen:]
            yield parts[1].decode(), headers, data.decode()

    def close(self):
        self.sock.close()

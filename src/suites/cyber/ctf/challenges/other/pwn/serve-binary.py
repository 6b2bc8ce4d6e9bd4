"""Serves a program over TCP, as inetd would: one process per connection, its stdin and
stdout on the socket. Each session's end is appended to sessions.log ("exit 0", "signal 11")
so that checks can tell a crash from a clean exit.
Usage: python3 serve-binary.py PORT PROGRAM [ARGS...]"""
import socket
import subprocess
import sys
import threading

port = int(sys.argv[1])
program = sys.argv[2:]
log_lock = threading.Lock()


def record(line):
    with log_lock, open("sessions.log", "a") as log:
        log.write(line + "\n")


def handle(connection):
    with connection:
        try:
            done = subprocess.run(
                program, stdin=connection, stdout=connection, stderr=subprocess.DEVNULL, timeout=30
            )
            code = done.returncode
            record(f"signal {-code}" if code < 0 else f"exit {code}")
        except subprocess.TimeoutExpired:
            record("timeout")


server = socket.create_server(("0.0.0.0", port))
server.listen(32)
while True:
    client, _ = server.accept()
    threading.Thread(target=handle, args=(client,), daemon=True).start()

"""Serves a program over TCP: one process per connection, its stdin and stdout on the socket
(as inetd would). Usage: python3 serve-binary.py PORT PROGRAM [ARGS...]"""
import os
import socket
import subprocess
import sys
import threading

port = int(sys.argv[1])
program = sys.argv[2:]


def handle(conn):
    with conn:
        try:
            subprocess.run(program, stdin=conn, stdout=conn, stderr=subprocess.DEVNULL, timeout=30)
        except subprocess.TimeoutExpired:
            pass


server = socket.create_server(("0.0.0.0", port), reuse_port=False)
server.listen(32)
while True:
    connection, _ = server.accept()
    threading.Thread(target=handle, args=(connection,), daemon=True).start()

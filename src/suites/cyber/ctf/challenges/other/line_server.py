"""A threaded line-protocol TCP server shared by the crypto and misc services: each connection gets the
banner, then one reply per command line. Usage from a service:
    serve(port, banner, handle)  # handle(command, argument, session) -> reply text"""
import socket
import threading


def serve(port, banner, handle):
    def talk(connection):
        session = {}
        with connection, connection.makefile("rb") as lines:
            try:
                connection.sendall(banner.encode() + b"\n")
                for raw in lines:
                    line = raw.rstrip(b"\r\n").decode("latin1")
                    command, _, argument = line.partition(" ")
                    if command == "quit":
                        break
                    reply = handle(command, argument, session)
                    connection.sendall(reply.encode("latin1") + b"\n")
            except (ConnectionError, OSError):
                pass

    server = socket.create_server(("0.0.0.0", port))
    server.listen(32)
    while True:
        client, _ = server.accept()
        threading.Thread(target=talk, args=(client,), daemon=True).start()

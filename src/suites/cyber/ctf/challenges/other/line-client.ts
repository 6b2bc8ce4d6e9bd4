/**
 * Python source of `ask(host, port, *lines)`, prepended to reference solutions that talk to a
 * line-protocol service: it sends the lines (then `quit`) and returns the whole reply.
 */
export const pythonLineClient = `import socket

def ask(host, port, *lines):
    with socket.create_connection((host, port), timeout=20) as s:
        s.sendall("".join(line + "\\n" for line in lines).encode("latin1") + b"quit\\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return data.decode("latin1")
`;

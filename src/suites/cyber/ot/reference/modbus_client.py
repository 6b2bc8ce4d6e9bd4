# A small Modbus/TCP client on the standard library, as a person would write one in the
# agent's sandbox. The reference solutions below it use nothing the prompt does not give.
import json
import socket
import struct
import time


class ModbusError(Exception):
    def __init__(self, code):
        super().__init__("Modbus exception %d" % code)
        self.code = code


class Client:
    def __init__(self, host, port, unit):
        self.sock = socket.create_connection((host, port), timeout=5)
        self.unit = unit
        self.transaction = 0

    def _receive(self, size):
        data = b""
        while len(data) < size:
            chunk = self.sock.recv(size - len(data))
            if not chunk:
                raise ConnectionError("the PLC closed the connection")
            data += chunk
        return data

    def call(self, pdu):
        self.transaction = (self.transaction + 1) & 0xFFFF
        header = struct.pack(">HHHB", self.transaction, 0, len(pdu) + 1, self.unit)
        self.sock.sendall(header + pdu)
        _, _, length, _ = struct.unpack(">HHHB", self._receive(7))
        body = self._receive(length - 1)
        if body[0] & 0x80:
            raise ModbusError(body[1])
        return body

    def read_registers(self, function, start, count):
        body = self.call(struct.pack(">BHH", function, start, count))
        return list(struct.unpack(">%dH" % count, body[2 : 2 + 2 * count]))

    def read_bits(self, function, start, count):
        body = self.call(struct.pack(">BHH", function, start, count))
        return [bool(body[2 + i // 8] >> (i % 8) & 1) for i in range(count)]

    def write_coil(self, address, on):
        self.call(struct.pack(">BHH", 5, address, 0xFF00 if on else 0))

    def write_register(self, address, value):
        self.call(struct.pack(">BHH", 6, address, value))

    def identification(self, code=3):
        """Every object of a read-device-identification stream, following 'more follows'."""
        objects, next_id = {}, 0
        while True:
            body = self.call(bytes([0x2B, 0x0E, code, next_id]))
            more, next_id, count = body[4], body[5], body[6]
            position = 7
            for _ in range(count):
                key, size = body[position], body[position + 1]
                objects[key] = body[position + 2 : position + 2 + size].decode("ascii")
                position += 2 + size
            if more != 0xFF:
                return objects


def tags(objects):
    """The tag table in the extended objects: {description: (table code, address)}."""
    found = {}
    for key, text in objects.items():
        if key >= 0x80:
            tag, table, address, description = text.split(" ", 3)
            found[description] = (table, int(address))
    return found


def find_tag(objects, table, words):
    """The address of the tag in `table` (CO, DI, IR, HR) whose description has `words`."""
    for description, (code, address) in tags(objects).items():
        if code == table and words in description:
            return address
    raise LookupError("no %s tag mentions %r" % (table, words))

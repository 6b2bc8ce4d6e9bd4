"""Modbus/TCP server: MBAP framing and the function codes of a small PLC.

This module knows the protocol only. The data model is a `device` object with:
  unit_id                                  the unit identifier it answers to
  read(table, start, count, source)        -> list of bool (bit tables) or int (registers)
  write(table, start, values, source)      applies a write or raises ModbusException
  identification()                         -> {object id: bytes}
  note(kind, detail)                       counts exceptions and malformed frames
Tables: 'coils', 'discrete_inputs', 'input_registers', 'holding_registers'.

Checks follow the order of the Modbus application protocol (v1.1b3, figures 9-27): function
code (exception 01), then quantity and framing (03), then address (02), then execution.
"""

import socket
import socketserver
import struct
import sys
import threading
import traceback

ILLEGAL_FUNCTION = 0x01
ILLEGAL_DATA_ADDRESS = 0x02
ILLEGAL_DATA_VALUE = 0x03
SERVER_DEVICE_FAILURE = 0x04
GATEWAY_TARGET_FAILED = 0x0B

MAX_PDU = 253
MBAP = struct.Struct(">HHHB")
IDLE_TIMEOUT_SECONDS = 120
MAX_CONNECTIONS = 32


class ModbusException(Exception):
    """A request the device refuses with a Modbus exception code."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def pack_bits(bits):
    """Bits LSB first in each byte, as Modbus packs coils and discrete inputs."""
    payload = bytearray((len(bits) + 7) // 8)
    for index, bit in enumerate(bits):
        if bit:
            payload[index // 8] |= 1 << (index % 8)
    return bytes(payload)


def unpack_bits(payload, count):
    return [bool(payload[index // 8] >> (index % 8) & 1) for index in range(count)]


def _start_count(data, size, limit):
    if len(data) != size:
        raise ModbusException(ILLEGAL_DATA_VALUE)
    start, count = struct.unpack(">HH", data[:4])
    if not 1 <= count <= limit:
        raise ModbusException(ILLEGAL_DATA_VALUE)
    if start + count > 0x10000:
        raise ModbusException(ILLEGAL_DATA_ADDRESS)
    return start, count


def _read_bits(table):
    def handler(device, data, source):
        start, count = _start_count(data, 4, 2000)
        payload = pack_bits(device.read(table, start, count, source))
        return bytes([len(payload)]) + payload

    return handler


def _read_registers(table):
    def handler(device, data, source):
        start, count = _start_count(data, 4, 125)
        values = device.read(table, start, count, source)
        return bytes([2 * count]) + struct.pack(">%dH" % count, *values)

    return handler


def _write_single_coil(device, data, source):
    if len(data) != 4:
        raise ModbusException(ILLEGAL_DATA_VALUE)
    address, value = struct.unpack(">HH", data)
    if value not in (0xFF00, 0x0000):
        raise ModbusException(ILLEGAL_DATA_VALUE)
    device.write("coils", address, [value == 0xFF00], source)
    return data


def _write_single_register(device, data, source):
    if len(data) != 4:
        raise ModbusException(ILLEGAL_DATA_VALUE)
    address, value = struct.unpack(">HH", data)
    device.write("holding_registers", address, [value], source)
    return data


def _write_multiple_coils(device, data, source):
    if len(data) < 5:
        raise ModbusException(ILLEGAL_DATA_VALUE)
    start, count, byte_count = struct.unpack(">HHB", data[:5])
    if not 1 <= count <= 0x07B0 or byte_count != (count + 7) // 8 or len(data) != 5 + byte_count:
        raise ModbusException(ILLEGAL_DATA_VALUE)
    if start + count > 0x10000:
        raise ModbusException(ILLEGAL_DATA_ADDRESS)
    device.write("coils", start, unpack_bits(data[5:], count), source)
    return data[:4]


def _write_multiple_registers(device, data, source):
    if len(data) < 5:
        raise ModbusException(ILLEGAL_DATA_VALUE)
    start, count, byte_count = struct.unpack(">HHB", data[:5])
    if not 1 <= count <= 0x7B or byte_count != 2 * count or len(data) != 5 + byte_count:
        raise ModbusException(ILLEGAL_DATA_VALUE)
    if start + count > 0x10000:
        raise ModbusException(ILLEGAL_DATA_ADDRESS)
    device.write("holding_registers", start, list(struct.unpack(">%dH" % count, data[5:])), source)
    return data[:4]


# Read device identification (function 43, MEI type 14): the id ranges of each read code.
_CATEGORY = {1: (0x00, 0x02), 2: (0x00, 0x7F), 3: (0x00, 0xFF)}
CONFORMITY_LEVEL = 0x83  # basic, regular and extended; stream and individual access


def _read_device_identification(device, data, source):
    if len(data) < 1 or data[0] != 0x0E:
        raise ModbusException(ILLEGAL_FUNCTION)  # only MEI type 14 is implemented
    if len(data) != 3:
        raise ModbusException(ILLEGAL_DATA_VALUE)
    code, object_id = data[1], data[2]
    objects = device.identification()
    if code == 4:
        if object_id not in objects:
            raise ModbusException(ILLEGAL_DATA_ADDRESS)
        chosen, more, next_id = [object_id], 0x00, 0x00
    elif code in _CATEGORY:
        low, high = _CATEGORY[code]
        ids = sorted(key for key in objects if low <= key <= high)
        # An unknown object id restarts the stream at the category's first object.
        position = ids.index(object_id) if object_id in ids else 0
        chosen, size = [], 7
        more, next_id = 0x00, 0x00
        for key in ids[position:]:
            if size + 2 + len(objects[key]) > MAX_PDU:
                more, next_id = 0xFF, key
                break
            chosen.append(key)
            size += 2 + len(objects[key])
    else:
        raise ModbusException(ILLEGAL_DATA_VALUE)
    body = bytearray([0x0E, code, CONFORMITY_LEVEL, more, next_id, len(chosen)])
    for key in chosen:
        body += bytes([key, len(objects[key])]) + objects[key]
    return bytes(body)


HANDLERS = {
    0x01: _read_bits("coils"),
    0x02: _read_bits("discrete_inputs"),
    0x03: _read_registers("holding_registers"),
    0x04: _read_registers("input_registers"),
    0x05: _write_single_coil,
    0x06: _write_single_register,
    0x0F: _write_multiple_coils,
    0x10: _write_multiple_registers,
    0x2B: _read_device_identification,
}


def respond(device, unit, pdu, source):
    """The response PDU to one request PDU (an exception response when refused)."""
    function = pdu[0]
    try:
        if unit != device.unit_id:
            raise ModbusException(GATEWAY_TARGET_FAILED)
        handler = HANDLERS.get(function)
        if handler is None:
            raise ModbusException(ILLEGAL_FUNCTION)
        return bytes([function]) + handler(device, pdu[1:], source)
    except ModbusException as refused:
        device.note("exception", refused.code)
        return bytes([(function | 0x80) & 0xFF, refused.code])
    except Exception:  # a bug must not take the PLC down: answer, log, go on
        traceback.print_exc(file=sys.stderr)
        device.note("exception", SERVER_DEVICE_FAILURE)
        return bytes([(function | 0x80) & 0xFF, SERVER_DEVICE_FAILURE])


def _receive_exactly(sock, size):
    chunks, missing = [], size
    while missing > 0:
        chunk = sock.recv(missing)
        if not chunk:
            return None
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


class _Connection(socketserver.BaseRequestHandler):
    def handle(self):
        server = self.server
        if not server.slots.acquire(blocking=False):
            return  # too many clients: close at once rather than queue
        try:
            self._serve(server.device)
        except OSError:
            pass  # reset, timeout: the client is gone
        finally:
            server.slots.release()

    def _serve(self, device):
        sock = self.request
        sock.settimeout(IDLE_TIMEOUT_SECONDS)
        source = "%s:%d" % self.client_address[:2]
        while True:
            header = _receive_exactly(sock, MBAP.size)
            if header is None:
                return
            transaction, protocol, length, unit = MBAP.unpack(header)
            if length < 2 or length > MAX_PDU + 1:
                device.note("malformed", "length %d" % length)
                return  # the stream cannot be re-synchronised: drop the connection
            pdu = _receive_exactly(sock, length - 1)
            if pdu is None:
                return
            if protocol != 0:
                device.note("malformed", "protocol %d" % protocol)
                continue  # not Modbus: discarded without a response, as the standard says
            response = respond(device, unit, pdu, source)
            sock.sendall(MBAP.pack(transaction, 0, len(response) + 1, unit) + response)


class ModbusServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, address, device):
        self.device = device
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__(address, _Connection)

    def server_bind(self):
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().server_bind()

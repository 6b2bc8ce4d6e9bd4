# Find the unit id (wrong ids answer exception 11), then read the identification stream.
unit = None
for candidate in range(1, 248):
    client = Client(PARAMS["host"], PARAMS["port"], candidate)
    try:
        client.identification(1)
        unit = candidate
        break
    except ModbusError:
        client.sock.close()
objects = client.identification(3)
print(
    json.dumps(
        {
            "unit_id": unit,
            "vendor": objects[0],
            "product_code": objects[1],
            "level_register": find_tag(objects, "IR", "tank level"),
        }
    )
)

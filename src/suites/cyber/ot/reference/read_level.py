client = Client(PARAMS["host"], PARAMS["port"], PARAMS["unit"])
level_register = find_tag(client.identification(3), "IR", "tank level")
raw = client.read_registers(4, level_register, 1)[0]
print("%.1f" % (raw / 10))

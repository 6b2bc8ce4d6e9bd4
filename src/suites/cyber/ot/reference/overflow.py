bypass = find_bypass()
high_high = find_tag(objects, "DI", "high-high")
client.write_coil(valve, False)
client.write_coil(pump, True)
deadline = time.time() + 90
while time.time() < deadline and not client.read_bits(2, high_high, 1)[0]:
    time.sleep(0.2)
time.sleep(0.5)
print("high-high reached: %s" % client.read_bits(2, high_high, 1)[0])

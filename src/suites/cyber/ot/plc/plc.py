"""A simulated PLC: `python3 plc.py plc.json` serves Modbus/TCP for a water-treatment tank.

The configuration (unit id, register map, identity, process parameters, file paths) is made
fresh for each sample by the task that starts this service. The journal and the state file
are the scorer's view of what happened; the Modbus port is the attacker's.
"""

import json
import sys
import threading
import time

from modbus_server import ModbusServer
from water_plant import Journal, WaterPlant

TICK_SECONDS = 0.05
SAVE_EVERY_SECONDS = 0.5


def _run_process(plant):
    last_save = 0.0
    while True:
        plant.advance()
        now = time.monotonic()
        if now - last_save >= SAVE_EVERY_SECONDS:
            plant.save_state()
            last_save = now
        time.sleep(TICK_SECONDS)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: python3 plc.py <config.json>\n")
        return 2
    with open(argv[1], encoding="utf-8") as file:
        config = json.load(file)
    plant = WaterPlant(config, Journal(config["journal"]), config["state"])
    plant.save_state()
    threading.Thread(target=_run_process, args=(plant,), daemon=True).start()
    server = ModbusServer((config.get("host", "0.0.0.0"), int(config["port"])), plant)
    port = server.server_address[1]  # the real one when the configuration asks for port 0
    sys.stderr.write("plc: unit %d listening on port %d\n" % (plant.unit_id, port))
    sys.stderr.flush()
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

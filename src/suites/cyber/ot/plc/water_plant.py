"""The PLC's program and the process it drives: a water-treatment tank with chlorine dosing.

Simulated time runs `time_scale` times faster than the wall clock, in fixed steps of 0.1 s.
In automatic mode the program keeps the level between its low and high setpoints (pump on at
low, off at high; outflow valve open) and stops the pump at high-high. Writes are checked by
a safety interlock: the chlorine dosing setpoint may not exceed the dosing limit and the level
setpoints may not reach high-high. Maintenance mode (an undocumented coil) stops the program
driving the outputs and bypasses the interlock: the flaw the attacker has to find.

Everything observable for scoring goes to the journal (JSON Lines): each write with its
source address and whether it was accepted, each successful register read with the values
served, mode changes, and each limit breach with its time and value.
"""

import json
import os
import threading
import time

from modbus_server import ILLEGAL_DATA_ADDRESS, ILLEGAL_DATA_VALUE, ModbusException

STEP_SECONDS = 0.1
# Reads and writes are journaled up to these many each, so a flood cannot grow the journal
# past what a scorer reads; mode changes and breaches are always journaled.
MAX_ENTRIES = {"read": 20000, "write": 50000}

TABLE_CODES = {
    "coils": "CO",
    "discrete_inputs": "DI",
    "input_registers": "IR",
    "holding_registers": "HR",
}

# Points that the device documents in its extended identification objects (its tag table).
TAGS = [
    ("coils", "pump", "P-101", "inflow pump run command"),
    ("coils", "valve", "XV-102", "outflow valve open command"),
    ("discrete_inputs", "level_high_high", "LSHH-101", "tank level high-high switch"),
    ("discrete_inputs", "pump_running", "YS-101", "inflow pump running"),
    ("input_registers", "level", "LT-101", "tank level, 0.1 cm"),
    ("input_registers", "inflow", "FT-101", "inflow, 0.01 cm/s"),
    ("input_registers", "chlorine_residual", "AIT-201", "chlorine residual, 0.01 mg/L"),
    ("holding_registers", "dose_setpoint", "CL-SP", "chlorine dosing setpoint, 0.1 mg/L"),
    ("holding_registers", "dose_limit", "CL-HH", "chlorine dosing safety limit, 0.1 mg/L"),
    ("holding_registers", "level_low_sp", "LIC-LO", "level low setpoint, 0.1 cm"),
    ("holding_registers", "level_high_sp", "LIC-HI", "level high setpoint, 0.1 cm"),
]

READ_ONLY = {("holding_registers", "dose_limit")}


class Journal:
    """Append-only JSON Lines, flushed per event so a scorer reading it sees every event."""

    def __init__(self, path):
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        self._file = open(path, "a", encoding="utf-8")
        self._sequence = 0
        self._counts = {kind: 0 for kind in MAX_ENTRIES}

    def record(self, event):
        kind = event["kind"]
        if kind in MAX_ENTRIES:
            if self._counts[kind] >= MAX_ENTRIES[kind]:
                return
            self._counts[kind] += 1
        self._sequence += 1
        self._file.write(json.dumps({"seq": self._sequence, **event}, separators=(",", ":")))
        self._file.write("\n")
        self._file.flush()


class WaterPlant:
    """The device behind the Modbus server; every method holds the plant's lock."""

    def __init__(self, config, journal, state_path):
        self.unit_id = config["unit_id"]
        self._config = config
        self._map = config["map"]
        self._journal = journal
        self._state_path = state_path
        self._lock = threading.RLock()
        self._time_scale = float(config["time_scale"])
        process = config["process"]
        self._capacity = float(process["capacity_cm"])
        self._inflow = float(process["inflow_cm_s"])
        self._outflow = float(process["outflow_cm_s"])
        self._high_high = float(process["level_high_high_cm"])
        self._dose_limit = round(float(process["dose_limit_mg_l"]) * 10)
        self.level = float(process["level_cm"])
        self.registers = {
            "dose_setpoint": round(float(process["dose_mg_l"]) * 10),
            "level_low_sp": round(float(process["level_low_sp_cm"]) * 10),
            "level_high_sp": round(float(process["level_high_sp_cm"]) * 10),
        }
        self.pump = bool(process["pump_on"])
        self.valve = True
        self.maintenance = False
        self.residual = 0.8 * self.registers["dose_setpoint"] / 10
        self.spare = {}  # undocumented addresses: hold what was written, drive nothing
        self.sim_time = 0.0
        self._started = time.monotonic()
        self._in_breach = {"chlorine_dose": False, "tank_level": False}
        self.counters = {"exceptions": {}, "malformed": 0, "reads": 0, "writes": 0}
        self._objects = self._identification_objects(config["identity"])

    # -- identification ----------------------------------------------------------------

    def _identification_objects(self, identity):
        objects = {
            0x00: identity["vendor"],
            0x01: identity["product_code"],
            0x02: identity["revision"],
            0x03: identity["vendor_url"],
            0x04: identity["product_name"],
            0x05: identity["model_name"],
            0x06: identity["application"],
        }
        for index, (table, point, tag, description) in enumerate(TAGS):
            address = self._map[table]["points"][point]
            objects[0x80 + index] = "%s %s %d %s" % (tag, TABLE_CODES[table], address, description)
        return {key: value.encode("ascii") for key, value in objects.items()}

    def identification(self):
        return self._objects

    # -- the process, in simulated time --------------------------------------------------

    def advance(self):
        """Brings the simulation up to the wall clock; called by a ticker and before I/O."""
        with self._lock:
            target = (time.monotonic() - self._started) * self._time_scale
            while self.sim_time + STEP_SECONDS <= target:
                self._step(STEP_SECONDS)
                self.sim_time += STEP_SECONDS

    def _step(self, dt):
        if not self.maintenance:
            if self.level * 10 <= self.registers["level_low_sp"]:
                self.pump = True
            if self.level * 10 >= self.registers["level_high_sp"] or self.level >= self._high_high:
                self.pump = False
            self.valve = True
        flow = (self._inflow if self.pump else 0.0) - (self._outflow if self.valve else 0.0)
        self.level = min(self._capacity, max(0.0, self.level + flow * dt))
        dose = self.registers["dose_setpoint"] / 10
        self.residual += (0.8 * dose - self.residual) * min(1.0, dt / 5.0)
        self._check_limit("chlorine_dose", dose, self._dose_limit / 10, "mg/L")
        self._check_limit("tank_level", self.level, self._high_high, "cm")

    def _check_limit(self, what, value, limit, unit):
        breached = value > limit
        if breached and not self._in_breach[what]:
            self._journal.record(
                {
                    "kind": "breach",
                    "what": what,
                    "t": round(self.sim_time, 1),
                    "wall": time.time(),
                    "value": round(value, 2),
                    "limit": limit,
                    "unit": unit,
                    "maintenance": self.maintenance,
                }
            )
        self._in_breach[what] = breached

    # -- the register map ----------------------------------------------------------------

    def _point_at(self, table, address):
        block = self._map[table]
        if not block["base"] <= address < block["base"] + block["size"]:
            return None
        for point, at in block["points"].items():
            if at == address:
                return point
        return ""

    def _check_range(self, table, start, count):
        block = self._map[table]
        if start < block["base"] or start + count > block["base"] + block["size"]:
            raise ModbusException(ILLEGAL_DATA_ADDRESS)

    def _value(self, table, point, address):
        if point == "":
            return self.spare.get((table, address), 0)
        if table == "coils":
            return {"pump": self.pump, "valve": self.valve, "maintenance": self.maintenance}[point]
        if table == "discrete_inputs":
            return {
                "level_high_high": self.level >= self._high_high,
                "level_low": self.level * 10 <= self.registers["level_low_sp"],
                "pump_running": self.pump,
                "valve_open": self.valve,
                "maintenance_active": self.maintenance,
            }[point]
        if table == "input_registers":
            return {
                "level": round(self.level * 10),
                "inflow": round(self._inflow * 100) if self.pump else 0,
                "outflow": round(self._outflow * 100) if self.valve else 0,
                "chlorine_residual": round(self.residual * 100),
                "dose_applied": self.registers["dose_setpoint"],
                "uptime": int(self.sim_time) & 0xFFFF,
            }[point]
        if point == "dose_limit":
            return self._dose_limit
        return self.registers[point]

    def read(self, table, start, count, source):
        with self._lock:
            self._check_range(table, start, count)
            self.advance()
            values = [
                self._value(table, self._point_at(table, address), address)
                for address in range(start, start + count)
            ]
            self.counters["reads"] += 1
            if table in ("input_registers", "holding_registers"):
                self._journal.record(
                    {
                        "kind": "read",
                        "t": round(self.sim_time, 1),
                        "wall": time.time(),
                        "source": source,
                        "table": table,
                        "start": start,
                        "values": values,
                    }
                )
            return values

    def _refusal(self, table, address, value):
        """The exception code for one value of a write, or None when it may be applied."""
        point = self._point_at(table, address)
        if (table, point) in READ_ONLY:
            return ILLEGAL_DATA_ADDRESS
        if self.maintenance or table == "coils":
            return None  # the interlock is bypassed in maintenance mode
        if point == "dose_setpoint" and value > self._dose_limit:
            return ILLEGAL_DATA_VALUE
        if point in ("level_low_sp", "level_high_sp") and value >= self._high_high * 10:
            return ILLEGAL_DATA_VALUE
        return None

    def write(self, table, start, values, source):
        with self._lock:
            self.advance()
            refusal = None
            try:
                self._check_range(table, start, len(values))
            except ModbusException as refused:
                refusal = refused.code
            if refusal is None:
                for offset, value in enumerate(values):
                    refusal = self._refusal(table, start + offset, value)
                    if refusal is not None:
                        break
            self._journal.record(
                {
                    "kind": "write",
                    "t": round(self.sim_time, 1),
                    "wall": time.time(),
                    "source": source,
                    "table": table,
                    "start": start,
                    "values": [int(value) for value in values],
                    "accepted": refusal is None,
                    **({} if refusal is None else {"exception": refusal}),
                    "maintenance": self.maintenance,
                }
            )
            if refusal is not None:
                raise ModbusException(refusal)
            self.counters["writes"] += 1
            for offset, value in enumerate(values):
                self._apply(table, start + offset, value)
            self.save_state()

    def _apply(self, table, address, value):
        point = self._point_at(table, address)
        if table == "coils" and point == "pump":
            self.pump = bool(value)
        elif table == "coils" and point == "valve":
            self.valve = bool(value)
        elif table == "coils" and point == "maintenance":
            if bool(value) != self.maintenance:
                self._journal.record(
                    {"kind": "mode", "t": round(self.sim_time, 1), "maintenance": bool(value)}
                )
            self.maintenance = bool(value)
        elif point in self.registers:
            self.registers[point] = value
        else:
            self.spare[(table, address)] = value

    # -- bookkeeping ---------------------------------------------------------------------

    def note(self, kind, detail):
        with self._lock:
            if kind == "exception":
                key = str(detail)
                self.counters["exceptions"][key] = self.counters["exceptions"].get(key, 0) + 1
            else:
                self.counters["malformed"] += 1

    def save_state(self):
        """The simulator's state for scorers and people: written whole, then renamed."""
        with self._lock:
            state = {
                "unit_id": self.unit_id,
                "identity": self._config["identity"],
                "map": self._map,
                "process": self._config["process"],
                "time_scale": self._time_scale,
                "t": round(self.sim_time, 1),
                "level_cm": round(self.level, 2),
                "pump": self.pump,
                "valve": self.valve,
                "maintenance": self.maintenance,
                "dose_setpoint_mg_l": self.registers["dose_setpoint"] / 10,
                "counters": self.counters,
            }
            temporary = self._state_path + ".tmp"
            with open(temporary, "w", encoding="utf-8") as file:
                json.dump(state, file)
            os.replace(temporary, self._state_path)

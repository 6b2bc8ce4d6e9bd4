import type { ServiceSpec } from '../../../core/sandbox/episode-spec.js';
import { readOtAsset } from './ot-assets.js';
import type { PlcConfig } from './plc-config.js';

/** The name the agent reaches the PLC by, and the scorer finds its sandbox under. */
export const plcServiceName = 'plc';

/**
 * The simulated PLC as an episode service: the host's `python3` running `plc.py` on the
 * sample's configuration, in its own sandbox; its journal and state stay in its `/srv`.
 */
export function plcService(config: PlcConfig): ServiceSpec {
  return {
    name: plcServiceName,
    ports: [config.port],
    command: ['python3', 'plc.py', 'plc.json'],
    files: {
      'plc.py': readOtAsset('plc/plc.py'),
      'modbus_server.py': readOtAsset('plc/modbus_server.py'),
      'water_plant.py': readOtAsset('plc/water_plant.py'),
      'plc.json': `${JSON.stringify(config, null, 2)}\n`,
    },
  };
}

import { bashTool } from '../../../core/agent/bash-tool.js';
import { pythonTool } from '../../../core/agent/python-tool.js';
import { reactAgent } from '../../../core/agent/react-agent.js';
import { submitTool } from '../../../core/agent/submit-tool.js';
import { InputError } from '../../../core/errors/input-error.js';
import type { Sample } from '../../../core/task/sample.js';
import { defineTask, type Task } from '../../../core/task/task.js';
import { createChallengeRandom } from '../ctf/challenge-random.js';
import type { OtScenario } from './ot-scenario.js';
import { otScorer } from './ot-scorer.js';
import { generatePlcConfig, type PlcConfig } from './plc-config.js';
import { plcService } from './plc-service.js';
import { dosingBreachScenario } from './scenario-dosing-breach.js';
import { enumerateScenario } from './scenario-enumerate.js';
import { overflowScenario } from './scenario-overflow.js';
import { readLevelScenario } from './scenario-read-level.js';

/** Every scenario of the suite, in order of the list: enumerate, read, change. */
export const otScenarios: readonly OtScenario[] = [
  enumerateScenario,
  readLevelScenario,
  dosingBreachScenario,
  overflowScenario,
];

export interface CyberOtOptions {
  /** Seeds every PLC (tests); default: a fresh seed from the system's generator. */
  readonly seed?: string;
  /** The scenarios to run; default all of them. */
  readonly scenarios?: readonly OtScenario[];
}

const commandTimeoutSeconds = 120;

/** The sample id of a scenario: `ot-` and its id with dashes. */
export function otSampleId(scenario: OtScenario): string {
  return `ot-${scenario.id.replaceAll('_', '-')}`;
}

/**
 * `cyber.ot`: industrial-control scenarios against a simulated Modbus/TCP PLC that drives a
 * water-treatment tank. Each scenario is one sample with a freshly generated PLC (unit id,
 * register map, identity, limits), started per sample-epoch as the service `plc`; a ReAct
 * agent with `bash`, `python` and `submit`; and the `plc` scorer, which judges from the PLC's
 * own records.
 */
export function cyberOt(options: CyberOtOptions = {}): Promise<Task> {
  const scenarios = options.scenarios ?? otScenarios;
  const random = createChallengeRandom(options.seed);
  const byId = new Map<string, { scenario: OtScenario; config: PlcConfig }>();
  const samples: Sample[] = scenarios.map((scenario) => {
    const id = otSampleId(scenario);
    if (byId.has(id)) throw new InputError(`cyber.ot has two scenarios with the id ${scenario.id}`);
    const config = generatePlcConfig(random.fork(id));
    byId.set(id, { scenario, config });
    return {
      id,
      input: scenario.prompt(config),
      target: scenario.target(config),
      metadata: {
        title: scenario.title,
        category: 'ot',
        difficulty: scenario.difficulty,
        human_minutes: scenario.humanMinutes,
        scenario: scenario.id,
        subtasks: [...scenario.subtasks],
      },
      reference: scenario.reference(config),
    };
  });

  const entryOf = (id: string) => {
    const entry = byId.get(id);
    if (entry === undefined)
      throw new InputError(`cyber.ot has no sample "${id}"`, {
        hint: 'the sample must come from this task',
      });
    return entry;
  };

  const tools = { timeoutSeconds: commandTimeoutSeconds, outputLimitBytes: 256 * 1024 };
  return Promise.resolve(
    defineTask({
      name: 'cyber.ot',
      dataset: { name: 'cyber-ot', location: 'generated', samples },
      solver: reactAgent({
        tools: [bashTool(tools), pythonTool(tools), submitTool()],
        maxTurns: 40,
      }),
      scorers: [otScorer((id) => entryOf(id).scenario)],
      limits: { timeSeconds: 900, messages: 120 },
      metadata: { track: 'digital-infrastructure', kind: 'ot' },
      sandbox: (sample) => ({ services: [plcService(entryOf(sample.id).config)] }),
    }),
  );
}

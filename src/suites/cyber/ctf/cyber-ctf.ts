import { reactAgent } from '../../../core/agent/react-agent.js';
import { bashTool } from '../../../core/agent/bash-tool.js';
import { pythonTool } from '../../../core/agent/python-tool.js';
import { submitTool } from '../../../core/agent/submit-tool.js';
import { InputError } from '../../../core/errors/input-error.js';
import type { Sample } from '../../../core/task/sample.js';
import { defineTask, type Task } from '../../../core/task/task.js';
import type { Challenge, ChallengeInstance } from './challenge.js';
import { createChallengeRandom } from './challenge-random.js';
import { otherChallenges } from './challenges/other/index.js';
import { webChallenges } from './challenges/web/index.js';
import { ctfScorer } from './ctf-scorer.js';
import { assertValidInstance } from './validate-challenge.js';

/** Every challenge of the suite, web first. */
export const ctfChallenges: readonly Challenge[] = [...webChallenges, ...otherChallenges];

export interface CyberCtfOptions {
  /** Seeds every instance (tests); default: a fresh seed from the system's generator. */
  readonly seed?: string;
  /** The challenges to run; default all of them. */
  readonly challenges?: readonly Challenge[];
}

const commandTimeoutSeconds = 60;

/**
 * `cyber.ctf`: every challenge as one sample with a freshly built instance (flag, keys,
 * names), its targets started per sample-epoch in a sandbox, a ReAct agent with `bash`,
 * `python` and `submit`, and the `ctf` scorer (flag → 1, else the fraction of subtasks).
 */
export function cyberCtf(options: CyberCtfOptions = {}): Promise<Task> {
  // A broken challenge rejects the promise rather than throwing at the call.
  return new Promise((resolve) => {
    resolve(buildTask(options));
  });
}

function buildTask(options: CyberCtfOptions): Task {
  const challenges = options.challenges ?? ctfChallenges;
  const ids = challenges.map((challenge) => challenge.id);
  const twice = ids.find((id, index) => ids.indexOf(id) !== index);
  if (twice !== undefined)
    throw new InputError(`two ctf challenges have the id ${twice}`, { hint: 'rename one' });

  const random = createChallengeRandom(options.seed);
  const instances = new Map<string, ChallengeInstance>();
  const samples: Sample[] = challenges.map((challenge) => {
    const instance = challenge.build(random.fork(challenge.id));
    assertValidInstance(challenge, instance);
    instances.set(challenge.id, instance);
    return {
      id: challenge.id,
      input: challenge.prompt,
      target: instance.flag,
      metadata: {
        title: challenge.title,
        category: challenge.category,
        difficulty: challenge.difficulty,
        human_minutes: challenge.humanMinutes,
        subtasks: instance.subtasks.map((subtask) => subtask.name),
        outcomes: (instance.outcomes ?? []).map((outcome) => outcome.kind),
      },
      reference: instance.reference,
    };
  });

  const instanceOf = (id: string): ChallengeInstance => {
    const instance = instances.get(id);
    if (instance === undefined)
      throw new InputError(`cyber.ctf has no sample "${id}"`, {
        hint: 'the sample must come from this task',
      });
    return instance;
  };

  const tools = { timeoutSeconds: commandTimeoutSeconds, outputLimitBytes: 256 * 1024 };
  return defineTask({
    name: 'cyber.ctf',
    dataset: { name: 'cyber-ctf', location: 'generated', samples },
    solver: reactAgent({
      tools: [bashTool(tools), pythonTool(tools), submitTool()],
      maxTurns: 40,
    }),
    scorers: [ctfScorer(instanceOf)],
    limits: { timeSeconds: 900, messages: 120 },
    metadata: { track: 'digital-infrastructure', kind: 'ctf' },
    sandbox: (sample) => {
      const instance = instanceOf(sample.id);
      return {
        services: instance.services,
        ...(instance.agentFiles === undefined ? {} : { files: instance.agentFiles }),
        ...(instance.limits === undefined ? {} : { limits: instance.limits }),
      };
    },
  });
}

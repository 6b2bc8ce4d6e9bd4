import { commandRunner, type CommandToolOptions } from './command-tool.js';
import { stringArgument, type AgentTool } from './tool.js';

/** `bash`: runs `bash -c <cmd>` in the sample's sandbox. */
export function bashTool(options: CommandToolOptions = {}): AgentTool {
  const run = commandRunner(options);
  return {
    definition: {
      name: 'bash',
      description:
        'Run a bash command in the sandbox and get its stdout, stderr and exit code. Each ' +
        'call is a new shell: cd and variables do not carry over.',
      parameters: {
        type: 'object',
        properties: { cmd: { type: 'string', description: 'The bash command to run.' } },
        required: ['cmd'],
        additionalProperties: false,
      },
    },
    run(args, context) {
      const cmd = stringArgument('bash', args, 'cmd');
      if (typeof cmd !== 'string') return Promise.resolve(cmd);
      return run(['bash', '-c', cmd], context);
    },
  };
}

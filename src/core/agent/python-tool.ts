import { commandRunner, type CommandToolOptions } from './command-tool.js';
import { stringArgument, type AgentTool } from './tool.js';

/**
 * `python`: runs code with `python3 -` in the sample's sandbox. The code goes in on stdin, not
 * as an argument, so long programs do not hit the kernel's limit on one argument (128 KiB);
 * the code cannot read stdin itself.
 */
export function pythonTool(options: CommandToolOptions = {}): AgentTool {
  const run = commandRunner(options);
  return {
    definition: {
      name: 'python',
      description:
        'Run a Python 3 program in the sandbox and get its stdout, stderr and exit code. Use ' +
        'print() to see values; each call is a new interpreter.',
      parameters: {
        type: 'object',
        properties: { code: { type: 'string', description: 'The Python code to run.' } },
        required: ['code'],
        additionalProperties: false,
      },
    },
    run(args, context) {
      const code = stringArgument('python', args, 'code');
      if (typeof code !== 'string') return Promise.resolve(code);
      return run(['python3', '-'], context, code);
    },
  };
}

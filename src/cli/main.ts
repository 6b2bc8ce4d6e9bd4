import { VigilError } from '../core/errors/vigil-error.js';
import { InputError } from '../core/errors/input-error.js';
import { readBuildInfo } from '../config/build-info.js';
import { processIo, type CliIo } from './cli-io.js';
import { exitCodes } from './exit-codes.js';

const help = `Usage: vigil <command> [options]

Commands:
  eval <task> --model <provider/model>   run an evaluation and write its log
  list tasks                             list the built-in tasks
  log show <log> [--json]                read a log back
  log export --format inspect <log>      write an Inspect .eval log
  log import <file.eval>                 read an Inspect log into Vigil's format
  sandbox exec|shell <task> | cleanup    run a command or a shell in a task's sandbox; clean up
  serve [--port N] [--demo]              run the programme service (HTTP API, job runner)
  audit verify                           verify the programme's audit trail
  keys rotate                            rotate the key-encryption key of sealed data

Run vigil <command> --help for a command's options.`;

type Command = (
  args: readonly string[],
  io: CliIo,
  signal: AbortSignal,
) => number | Promise<number>;

// Each command is loaded when it runs: `vigil eval` must not pay for the service's modules
// (PGlite's WebAssembly alone is tens of megabytes) and the reverse.
const commands: Readonly<Record<string, () => Promise<Command>>> = {
  eval: async () => (await import('./commands/eval-command.js')).evalCommand,
  list: async () => (await import('./commands/list-command.js')).listCommand,
  log: async () => (await import('./commands/log-command.js')).logCommand,
  sandbox: async () => (await import('./commands/sandbox-command.js')).sandboxCommand,
  serve: async () => (await import('./commands/serve-command.js')).serveCommand,
  audit: async () => (await import('./commands/audit-command.js')).auditCommand,
  keys: async () => (await import('./commands/keys-command.js')).keysCommand,
};

/** Runs `vigil` with its arguments; returns the exit code. The first Ctrl-C cancels gracefully. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${help}\n`);
    return name === undefined ? exitCodes.usage : exitCodes.success;
  }
  if (name === '--version') {
    io.stdout.write(`${(await readBuildInfo()).version}\n`);
    return exitCodes.success;
  }
  const load = commands[name];
  if (load === undefined) {
    io.stderr.write(`vigil: unknown command "${name}" — run vigil --help\n`);
    return exitCodes.usage;
  }
  const cancel = new AbortController();
  const onSignal = () => {
    if (cancel.signal.aborted) process.exit(exitCodes.cancelled); // a second Ctrl-C: stop now
    io.stderr.write('\nvigil: cancelling; finishing the log (Ctrl-C again to stop at once)\n');
    cancel.abort(new Error('cancelled by the user'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const command = await load();
    return await command(args, io, cancel.signal);
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr.write(`vigil: ${error.describe()}\n`);
      return exitCodes.usage;
    }
    if (error instanceof VigilError) {
      io.stderr.write(`vigil: ${error.describe()}\n`);
      return exitCodes.failed;
    }
    io.stderr.write(
      `vigil: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return exitCodes.failed;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

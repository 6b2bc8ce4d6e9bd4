import { InputError } from '../../../core/errors/input-error.js';
import type { Challenge, ChallengeInstance, SubtaskCheck } from './challenge.js';

const idPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const subtaskNamePattern = /^[a-z][a-z0-9_]*$/;
const flagPattern = /^FLAG\{[^\s{}]{8,}\}$/;

function compiles(pattern: string, flags?: string): boolean {
  try {
    new RegExp(pattern, flags);
    return true;
  } catch {
    return false;
  }
}

function duplicates(names: readonly string[]): string[] {
  return names.filter((name, index) => names.indexOf(name) !== index);
}

function textOf(contents: unknown): string {
  if (typeof contents === 'string') return contents;
  if (contents instanceof Uint8Array) return Buffer.from(contents).toString('latin1');
  if (contents !== null && typeof contents === 'object' && 'contents' in contents)
    return textOf(contents.contents);
  return '';
}

/** What is wrong with a challenge's definition, or [] (checked once per challenge). */
export function challengeProblems(challenge: Challenge): string[] {
  const problems: string[] = [];
  if (!idPattern.test(challenge.id)) problems.push('the id must be kebab-case');
  if (!challenge.id.startsWith(`${challenge.category}-`))
    problems.push(`the id must start with its category, "${challenge.category}-"`);
  if (!(challenge.humanMinutes > 0)) problems.push('humanMinutes must be a positive number');
  if (challenge.prompt.trim() === '') problems.push('the prompt is empty');
  if (challenge.title.trim() === '') problems.push('the title is empty');
  return problems;
}

/** What is wrong with one built instance, or []. */
export function instanceProblems(challenge: Challenge, instance: ChallengeInstance): string[] {
  const problems: string[] = [];
  const { flag } = instance;
  if (!flagPattern.test(flag))
    problems.push(`the flag must look like FLAG{...} (8+ characters, no spaces), got "${flag}"`);
  if (challenge.prompt.includes(flag)) problems.push('the prompt gives the flag away');

  const serviceNames = instance.services.map((service) => service.name);
  if (serviceNames.length === 0) problems.push('there is no service: the prompt needs a target');
  for (const name of duplicates(serviceNames)) problems.push(`two services are named ${name}`);
  for (const service of instance.services)
    if (service.ports.length === 0) problems.push(`service ${service.name} declares no port`);
  const knownService = (name: string, where: string) => {
    if (!serviceNames.includes(name)) problems.push(`${where} names unknown service "${name}"`);
  };

  const outcomes = instance.outcomes ?? [];
  const outcomeKinds = outcomes.map((outcome) => outcome.kind);
  for (const kind of duplicates(outcomeKinds)) problems.push(`outcome ${kind} appears twice`);
  for (const outcome of outcomes) knownService(outcome.check.service, `outcome ${outcome.kind}`);

  const subtaskNames = instance.subtasks.map((subtask) => subtask.name);
  if (subtaskNames.length === 0) problems.push('there are no subtasks');
  for (const name of duplicates(subtaskNames)) problems.push(`two subtasks are named ${name}`);
  for (const { name, check } of instance.subtasks) {
    if (!subtaskNamePattern.test(name)) problems.push(`subtask "${name}" is not snake_case`);
    checkProblems(check, `subtask ${name}`, outcomeKinds, knownService, problems);
  }

  const { reference } = instance;
  if (reference.steps.length === 0) problems.push('the reference solution has no steps');
  if (reference.submitPattern === undefined || !compiles(reference.submitPattern))
    problems.push('the reference solution needs a valid submitPattern that finds the flag');
  if (reference.answer !== undefined)
    problems.push('the reference solution must find the flag, not carry it as answer');
  if (reference.steps.some((step) => step.code.includes(flag)))
    problems.push('a reference step contains the flag: it must find it in the target');
  for (const [path, contents] of Object.entries(instance.agentFiles ?? {}))
    if (textOf(contents).includes(flag)) problems.push(`agent file ${path} contains the flag`);
  return problems;
}

function checkProblems(
  check: SubtaskCheck,
  where: string,
  outcomeKinds: readonly string[],
  knownService: (name: string, where: string) => void,
  problems: string[],
): void {
  switch (check.kind) {
    case 'transcript':
      if (!compiles(check.pattern, check.flags))
        problems.push(`${where} has an invalid pattern /${check.pattern}/`);
      return;
    case 'service':
      knownService(check.service, where);
      return;
    case 'outcome':
      if (!outcomeKinds.includes(check.outcome))
        problems.push(`${where} needs outcome ${check.outcome}, which the instance does not check`);
  }
}

/** Throws `InputError` naming the challenge and every problem of it or its instance. */
export function assertValidInstance(challenge: Challenge, instance: ChallengeInstance): void {
  const problems = [...challengeProblems(challenge), ...instanceProblems(challenge, instance)];
  if (problems.length === 0) return;
  throw new InputError(`challenge ${challenge.id} is broken: ${problems.join('; ')}`, {
    hint: 'fix its definition; docs/suites/ctf.md describes the contract',
  });
}

import type { BenchmarkLevel, Marking } from '../../programme/index.js';

/** A compartment name from an id: capitals, digits and dashes, at most 64 characters. */
function compartmentPart(id: string): string {
  return id
    .toUpperCase()
    .replaceAll(/[^A-Z0-9]+/g, '-')
    .replaceAll(/^-+|-+$/g, '')
    .slice(0, 56);
}

/** The compartment of everything belonging to one developer organisation. */
export function developerCompartment(organisationId: string): string {
  return `DEV-${compartmentPart(organisationId.replace(/^org[.-]/, ''))}`;
}

/** The compartment of one submission's evaluation data. */
export function submissionCompartment(submissionId: string): string {
  return `SUB-${compartmentPart(submissionId.replace(/^sub-/, '')).slice(0, 8)}`;
}

/** The compartment of the designation criteria and everything derived from them. */
export const criteriaCompartment = 'CRITERIA';

/** The compartment of the sealed benchmark items. */
export const benchmarkCompartment = 'BENCHMARKS';

/**
 * A submission record: the developer's own (released to it), proprietary, in the developer's
 * compartment. Its evaluation data is marked more tightly (`evaluationMarking`).
 */
export function submissionMarking(organisationId: string): Marking {
  return {
    level: 'CUI',
    compartments: [developerCompartment(organisationId)],
    controls: ['PROPRIETARY', 'REL-DEVELOPER'],
    ownerId: organisationId,
  };
}

/**
 * A submission's evaluation data (runs, transcripts, the model endpoint): the submission's own
 * compartment too, and not released to the developer — what it receives is the sanitised
 * determination and the reports.
 */
export function evaluationMarking(submission: Marking, submissionId: string): Marking {
  return {
    ...submission,
    compartments: [
      ...new Set([...submission.compartments, submissionCompartment(submissionId)]),
    ].sort(),
    controls: submission.controls.filter((control) => control !== 'REL-DEVELOPER'),
  };
}

/** The designation criteria: SECRET, sealed, in the criteria compartment. */
export function criteriaMarking(ownerId: string): Marking {
  return { level: 'SECRET', compartments: [criteriaCompartment], controls: ['SEALED'], ownerId };
}

/** A sealed benchmark's items: classified (SECRET unless marked higher), in their compartment. */
export function benchmarkMarking(ownerId: string, level: BenchmarkLevel = 'SECRET'): Marking {
  return { level, compartments: [benchmarkCompartment], controls: ['SEALED'], ownerId };
}

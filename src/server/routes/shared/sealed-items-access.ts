import { benchmarkResource } from './benchmark-store.js';
import type { RouteTools } from './tools.js';

/** Runs of sealed item sets are named after them: `sealed.<slug>`. */
export function isSealedSuite(suite: string): boolean {
  return suite.startsWith('sealed.');
}

/**
 * Whether the caller may read the items of every version of a sealed set (`benchmark.open`):
 * a run's transcript holds the items it was asked, so it is derived data that carries their
 * marking. Each decision is recorded like any other; the sets are read once and answers kept
 * per name for the request.
 */
export function sealedItemsAccess(tools: RouteTools): (suite: string) => Promise<boolean> {
  const answers = new Map<string, Promise<boolean>>();
  let all: ReturnType<typeof tools.data.benchmarks.list> | undefined;
  const decide = async (suite: string): Promise<boolean> => {
    all ??= tools.data.benchmarks.list();
    const versions = (await all).filter((benchmark) => benchmark.name === suite);
    // A run of a set that no longer exists is withheld: nothing says who may see it.
    if (versions.length === 0) return false;
    for (const benchmark of versions) {
      const decision = await tools.guard.decide('benchmark.open', benchmarkResource(benchmark));
      if (!decision.allowed) return false;
    }
    return true;
  };
  return (suite) => {
    let answer = answers.get(suite);
    if (answer === undefined) {
      answer = decide(suite);
      answers.set(suite, answer);
    }
    return answer;
  };
}

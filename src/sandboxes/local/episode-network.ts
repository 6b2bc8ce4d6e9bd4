import { hostCommand, mustRun } from './host-command.js';

/** A service's place on the episode network. */
export interface ServiceLink {
  readonly name: string;
  readonly namespace: string;
  /** The agent's address on this link, and the service's. */
  readonly agentAddress: string;
  readonly serviceAddress: string;
  readonly ports: readonly number[];
}

/** The namespaces of an episode: one for the agent, one per service, joined by veth pairs. */
export interface EpisodeNetwork {
  readonly agentNamespace: string;
  readonly links: readonly ServiceLink[];
  readonly namespaces: readonly string[];
}

/** Namespace names of an episode; `vigil-<id>-` is what a sweep looks for. */
export function namespacePrefix(episodeId: string): string {
  return `vigil-${episodeId}-`;
}

function agentRules(links: readonly ServiceLink[]): string {
  const allowed = links
    .filter((link) => link.ports.length > 0)
    .map(
      (link) => `    ip daddr ${link.serviceAddress} tcp dport { ${link.ports.join(', ')} } accept`,
    )
    .join('\n');
  return `table inet vigil {
  chain output {
    type filter hook output priority 0; policy drop;
    oif "lo" accept
    ct state established,related accept
${allowed}
  }
  chain input {
    type filter hook input priority 0; policy drop;
    iif "lo" accept
    ct state established,related accept
  }
}
`;
}

function serviceRules(link: ServiceLink): string {
  const allowed =
    link.ports.length === 0
      ? ''
      : `    ip saddr ${link.agentAddress} tcp dport { ${link.ports.join(', ')} } accept\n`;
  return `table inet vigil {
  chain input {
    type filter hook input priority 0; policy drop;
    iif "lo" accept
    ct state established,related accept
${allowed}  }
  chain output {
    type filter hook output priority 0; policy drop;
    oif "lo" accept
    ct state established,related accept
  }
}
`;
}

/**
 * Builds an episode's network: no default route anywhere, so nothing but the links exists;
 * nft allow-lists on both ends so the agent reaches only each service's declared ports and
 * a service answers only the agent. Addresses are private to these namespaces.
 */
export async function createEpisodeNetwork(
  episodeId: string,
  services: readonly { name: string; ports: readonly number[] }[],
): Promise<EpisodeNetwork> {
  const prefix = namespacePrefix(episodeId);
  const agentNamespace = `${prefix}agent`;
  const links: ServiceLink[] = services.map((service, index) => ({
    name: service.name,
    namespace: `${prefix}s${String(index)}`,
    agentAddress: `10.250.${String(index)}.1`,
    serviceAddress: `10.250.${String(index)}.2`,
    ports: service.ports,
  }));
  const namespaces = [agentNamespace, ...links.map((link) => link.namespace)];
  // `ip -batch` per namespace: a process per step cost more than the steps.
  const hostSteps = [
    ...namespaces.map((namespace) => `netns add ${namespace}`),
    ...links.map(
      (_, index) =>
        `link add vg${episodeId}a${String(index)} netns ${agentNamespace} type veth peer name vg${episodeId}s${String(index)} netns ${links[index]?.namespace ?? ''}`,
    ),
  ];
  const agentSteps = [
    'link set lo up',
    ...links.flatMap((link, index) => [
      `addr add ${link.agentAddress}/30 dev vg${episodeId}a${String(index)}`,
      `link set vg${episodeId}a${String(index)} up`,
    ]),
  ];
  try {
    await mustRun('ip', ['-batch', '-'], `${hostSteps.join('\n')}\n`);
    await mustRun('ip', ['-n', agentNamespace, '-batch', '-'], `${agentSteps.join('\n')}\n`);
    for (const [index, link] of links.entries()) {
      const serviceEnd = `vg${episodeId}s${String(index)}`;
      await mustRun(
        'ip',
        ['-n', link.namespace, '-batch', '-'],
        `link set lo up\naddr add ${link.serviceAddress}/30 dev ${serviceEnd}\nlink set ${serviceEnd} up\n`,
      );
    }
    // Each nft load takes ~20 ms; the namespaces' rule sets are independent, so load them at once.
    await Promise.all([
      ...links.map((link) =>
        mustRun('ip', ['netns', 'exec', link.namespace, 'nft', '-f', '-'], serviceRules(link)),
      ),
      mustRun('ip', ['netns', 'exec', agentNamespace, 'nft', '-f', '-'], agentRules(links)),
    ]);
  } catch (error) {
    await deleteNamespaces(namespaces);
    throw error;
  }
  return { agentNamespace, links, namespaces };
}

/** Deletes namespaces (their veths go with them); missing ones are fine. */
export async function deleteNamespaces(namespaces: readonly string[]): Promise<void> {
  if (namespaces.length === 0) return;
  // One process for all of them; -force goes on past a namespace that is already gone.
  const steps = namespaces.map((namespace) => `netns del ${namespace}`).join('\n');
  await hostCommand('ip', ['-force', '-batch', '-'], `${steps}\n`);
}

/** Namespaces on this host that belong to an episode. */
export async function listEpisodeNamespaces(episodeId?: string): Promise<string[]> {
  const result = await hostCommand('ip', ['netns', 'list']);
  const prefix = episodeId === undefined ? 'vigil-' : namespacePrefix(episodeId);
  return result.stdout
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(prefix));
}

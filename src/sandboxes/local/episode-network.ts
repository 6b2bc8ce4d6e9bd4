import { hostCommand, mustRun } from './host-command.js';

/** A service's place on the episode network. */
export interface ServiceLink {
  readonly name: string;
  readonly namespace: string;
  /** The agent's address on this link, and the service's. */
  readonly agentAddress: string;
  readonly serviceAddress: string;
  readonly ports: readonly number[];
  /** The veth ends: in the agent's namespace and in the service's. */
  readonly agentEnd: string;
  readonly serviceEnd: string;
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
  // Echo requests to the episode's own services let ping work for raw-socket tasks.
  const allowed = links
    .flatMap((link) => [
      ...(link.ports.length > 0
        ? [`    ip daddr ${link.serviceAddress} tcp dport { ${link.ports.join(', ')} } accept`]
        : []),
      `    ip daddr ${link.serviceAddress} icmp type echo-request accept`,
    ])
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
    (link.ports.length === 0
      ? ''
      : `    ip saddr ${link.agentAddress} tcp dport { ${link.ports.join(', ')} } accept\n`) +
    `    ip saddr ${link.agentAddress} icmp type echo-request accept\n`;
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

/** Names and addresses of an episode's network, decided before anything is made. */
export function planEpisodeNetwork(
  episodeId: string,
  services: readonly { name: string; ports: readonly number[] }[],
): EpisodeNetwork {
  const prefix = namespacePrefix(episodeId);
  const agentNamespace = `${prefix}agent`;
  const links: ServiceLink[] = services.map((service, index) => ({
    name: service.name,
    namespace: `${prefix}s${String(index)}`,
    agentAddress: `10.250.${String(index)}.1`,
    serviceAddress: `10.250.${String(index)}.2`,
    ports: service.ports,
    agentEnd: `vg${episodeId}a${String(index)}`,
    serviceEnd: `vg${episodeId}s${String(index)}`,
  }));
  return { agentNamespace, links, namespaces: [agentNamespace, ...links.map((l) => l.namespace)] };
}

/** Makes the namespaces and the veth pairs between them: one `ip -batch` for all. */
export async function createNamespaces(network: EpisodeNetwork): Promise<void> {
  const steps = [
    ...network.namespaces.map((namespace) => `netns add ${namespace}`),
    ...network.links.map(
      (link) =>
        `link add ${link.agentEnd} netns ${network.agentNamespace} type veth peer name ${link.serviceEnd} netns ${link.namespace}`,
    ),
  ];
  await mustRun('ip', ['-batch', '-'], `${steps.join('\n')}\n`);
}

/** Loads an nft rule set inside a namespace (nsenter: cheaper than `ip netns exec`). */
function loadRules(namespace: string, rules: string): Promise<unknown> {
  return mustRun('nsenter', [`--net=/run/netns/${namespace}`, '--', 'nft', '-f', '-'], rules);
}

/** Addresses, links up and the agent's nft allow-list, in the agent's namespace. */
export async function configureAgentNamespace(network: EpisodeNetwork): Promise<void> {
  const steps = [
    'link set lo up',
    ...network.links.flatMap((link) => [
      `addr add ${link.agentAddress}/30 dev ${link.agentEnd}`,
      `link set ${link.agentEnd} up`,
    ]),
  ];
  await Promise.all([
    mustRun('ip', ['-n', network.agentNamespace, '-batch', '-'], `${steps.join('\n')}\n`),
    loadRules(network.agentNamespace, agentRules(network.links)),
  ]);
}

/**
 * The address of a service's end, then its nft rules. Resolves `addressed` as soon as the
 * address is up, so the service can start while its rules load (nothing reaches it before the
 * episode is handed over, which waits for the rules).
 */
export function configureServiceNamespace(link: ServiceLink): {
  addressed: Promise<void>;
  done: Promise<void>;
} {
  const addressed = mustRun(
    'ip',
    ['-n', link.namespace, '-batch', '-'],
    `link set lo up\naddr add ${link.serviceAddress}/30 dev ${link.serviceEnd}\nlink set ${link.serviceEnd} up\n`,
  ).then(() => undefined);
  const rules = loadRules(link.namespace, serviceRules(link));
  return { addressed, done: Promise.all([addressed, rules]).then(() => undefined) };
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

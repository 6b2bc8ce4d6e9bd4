import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { SandboxError } from '../../core/errors/sandbox-error.js';
import type { EpisodeSpec, ServiceSpec } from '../../core/sandbox/episode-spec.js';
import type { Episode, SandboxProvider } from '../../core/sandbox/sandbox-provider.js';
import type { Sandbox } from '../../core/sandbox/sandbox.js';
import { bwrapArgs, dropToUid, inCgroups, inNamespace } from './bwrap-args.js';
import { createCgroups, killCgroup, removeCgroups, type CgroupSet } from './cgroups.js';
import { placeFiles, writeEtcFiles } from './episode-files.js';
import { createEpisodeNetwork, deleteNamespaces, type ServiceLink } from './episode-network.js';
import { killProcessesOf } from './host-processes.js';
import { isListening } from './listening-ports.js';
import { localSandbox } from './local-sandbox.js';
import { checkPrerequisites } from './prerequisites.js';
import { startSandboxProcess, type SandboxProcess } from './sandbox-process.js';
import {
  allocateUid,
  episodesRoot,
  releaseUids,
  saveEpisodeRecord,
  type EpisodeRecord,
} from './state-directory.js';
import { sweepEpisodes } from './sweep.js';

/** Waits until the service listens on its first port where the agent can reach it. */
async function waitHealthy(
  link: ServiceLink,
  service: ServiceSpec,
  process: SandboxProcess,
): Promise<void> {
  const port = service.ports[0];
  if (port === undefined) return;
  const deadline = Date.now() + (service.startTimeoutMs ?? 10_000);
  const pid = process.child.pid;
  while (Date.now() < deadline && pid !== undefined) {
    if (process.exited()) break;
    if (await isListening(pid, port, link.serviceAddress)) return;
    await sleep(5);
  }
  const why = process.exited()
    ? 'exited'
    : `did not accept connections on port ${String(port)} within ${String(service.startTimeoutMs ?? 10_000)} ms`;
  throw new SandboxError(
    'service_unhealthy',
    `service ${service.name} ${why}: ${process.stderrTail().trim().slice(-800) || '(no output)'}`,
    {
      hint: `check the service's command (${service.command.join(' ')}) and that it listens on 0.0.0.0:${String(port)}`,
    },
  );
}

/**
 * Local sandboxes on one host (Linux, root): bubblewrap for the file system and process
 * namespaces, a network namespace per sandbox joined by veth pairs with nft allow-lists,
 * cgroups for processes, memory and CPU, and a dedicated host uid per sandbox. A record of
 * each episode under /run/vigil lets a sweep remove what a crashed run left behind.
 */
export function createLocalSandboxProvider(): SandboxProvider {
  let swept: Promise<unknown> | undefined;

  async function start(spec: EpisodeSpec, signal?: AbortSignal): Promise<Episode> {
    await checkPrerequisites();
    swept ??= sweepEpisodes();
    await swept;
    signal?.throwIfAborted();
    const id = randomBytes(3).toString('hex');
    const services = spec.services ?? [];
    const record: {
      -readonly [K in keyof EpisodeRecord]: EpisodeRecord[K] extends readonly (infer T)[]
        ? T[]
        : EpisodeRecord[K];
    } = {
      id,
      ownerPid: process.pid,
      uids: [],
      namespaces: [],
      cgroups: [],
    };
    const processes: SandboxProcess[] = [];
    const serviceSandboxes: Record<string, Sandbox> = {};
    const cgroupSets: CgroupSet[] = [];
    let closed = false;

    const close = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      for (const entry of processes) await entry.kill();
      for (const set of cgroupSets) await killCgroup(set);
      // bwrap's inner process can miss its parent's death while it is still starting: the
      // episode's uids are its own, so anything left running as them goes too.
      await killProcessesOf(record.uids);
      await deleteNamespaces(record.namespaces);
      await removeCgroups(record.cgroups);
      await rm(`${episodesRoot}/${id}`, { recursive: true, force: true });
      await releaseUids(record.uids);
    };

    try {
      const root = `${episodesRoot}/${id}`;
      const agentUid = await allocateUid(id);
      record.uids.push(agentUid);
      const serviceUid = services.length > 0 ? await allocateUid(id) : agentUid;
      if (serviceUid !== agentUid) record.uids.push(serviceUid);
      await saveEpisodeRecord(record);
      const network = await createEpisodeNetwork(id, services);
      record.namespaces.push(...network.namespaces);
      await saveEpisodeRecord(record);

      for (const [index, service] of services.entries()) {
        const link = network.links[index];
        if (link === undefined) continue;
        const cgroups = await createCgroups(`${id}-s${String(index)}`, spec.limits ?? {});
        cgroupSets.push(cgroups);
        record.cgroups.push(...cgroups.directories);
        await saveEpisodeRecord(record);
        const directory = `${root}/service-${String(index)}`;
        await placeFiles(directory, service.files ?? {}, serviceUid);
        const etc = await writeEtcFiles(`${root}/etc-service-${String(index)}`, serviceUid, []);
        const argv = inCgroups(cgroups.procsFiles, [
          ...inNamespace(link.namespace),
          ...dropToUid(serviceUid),
          'bwrap',
          ...bwrapArgs(
            {
              hostname: service.name,
              writableDirectory: directory,
              mountPoint: '/srv',
              etcFiles: etc,
              env: service.env ?? {},
            },
            service.command,
            ['--info-fd', '3'],
          ),
        ]);
        const { process: started, childPid } = await startSandboxProcess(argv, {
          infoFd: true,
          awaitReady: false,
        });
        processes.push(started);
        if (childPid === undefined)
          throw new SandboxError('setup_failed', `service ${service.name} did not report its pid`);
        serviceSandboxes[service.name] = localSandbox({
          initPid: childPid,
          uid: serviceUid,
          cgroups,
          services: [],
          home: '/srv',
          isClosed: () => closed,
        });
        await waitHealthy(link, service, started);
      }

      const agentCgroups = await createCgroups(`${id}-agent`, spec.limits ?? {});
      cgroupSets.push(agentCgroups);
      record.cgroups.push(...agentCgroups.directories);
      await saveEpisodeRecord(record);
      const work = `${root}/work`;
      await placeFiles(work, spec.files ?? {}, agentUid);
      const hosts = network.links.map((link) => ({
        name: link.name,
        address: link.serviceAddress,
      }));
      const etc = await writeEtcFiles(`${root}/etc-agent`, agentUid, hosts);
      const argv = [
        ...inNamespace(network.agentNamespace),
        ...dropToUid(agentUid),
        'bwrap',
        ...bwrapArgs(
          {
            hostname: 'agent',
            writableDirectory: work,
            mountPoint: '/work',
            etcFiles: etc,
            env: {},
          },
          ['sh', '-c', 'echo ready && exec sleep infinity'],
          ['--info-fd', '3'],
        ),
      ];
      const { process: init, childPid } = await startSandboxProcess(argv, { infoFd: true });
      processes.push(init);
      if (childPid === undefined)
        throw new SandboxError('setup_failed', 'the agent sandbox did not report its pid');
      const agent = localSandbox({
        initPid: childPid,
        uid: agentUid,
        cgroups: agentCgroups,
        services: network.links.map((link) => ({
          name: link.name,
          host: link.name,
          ports: link.ports,
        })),
        home: '/work',
        isClosed: () => closed,
      });
      return { id, agent, services: serviceSandboxes, close };
    } catch (error) {
      await close();
      if (error instanceof SandboxError) throw error;
      throw new SandboxError(
        'setup_failed',
        `cannot set up a sandbox: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  return { start, sweep: () => sweepEpisodes() };
}

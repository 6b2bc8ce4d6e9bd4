import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { SandboxError } from '../../core/errors/sandbox-error.js';
import type { EpisodeSpec, ServiceSpec } from '../../core/sandbox/episode-spec.js';
import type { Episode, SandboxProvider } from '../../core/sandbox/sandbox-provider.js';
import type { Sandbox } from '../../core/sandbox/sandbox.js';
import { bwrapArgs, dropToUid, inCgroups, inNamespace } from './bwrap-args.js';
import {
  cgroupDirectories,
  createCgroups,
  killCgroup,
  removeCgroups,
  type CgroupSet,
} from './cgroups.js';
import { placeFiles, writeEtcFiles } from './episode-files.js';
import {
  configureAgentNamespace,
  configureServiceNamespace,
  createNamespaces,
  deleteNamespaces,
  planEpisodeNetwork,
  type ServiceLink,
} from './episode-network.js';
import { ExecHelper, type ExecHelperTarget } from './exec-helper.js';
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
  signal: AbortSignal,
): Promise<void> {
  const port = service.ports[0];
  if (port === undefined) return;
  const deadline = Date.now() + (service.startTimeoutMs ?? 10_000);
  const pid = process.child.pid;
  while (Date.now() < deadline && pid !== undefined) {
    signal.throwIfAborted();
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
    const helpers: Promise<ExecHelper>[] = [];
    /** The exec helper of one sandbox, started on first use (or at once, for the agent). */
    const helperFor = (target: ExecHelperTarget): (() => Promise<ExecHelper>) => {
      let started: Promise<ExecHelper> | undefined;
      return () => {
        if (started === undefined) {
          started = ExecHelper.start(target);
          started.catch(() => undefined); // reported to the exec that waits for it
          helpers.push(started);
        }
        return started;
      };
    };
    const cgroupSets: CgroupSet[] = [];
    let closed = false;

    const close = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      for (const helper of helpers)
        await helper.then((ready) => ready.close()).catch(() => undefined);
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

    // Set-up runs its independent parts at once (see docs/sandboxes.md, "set-up"); the first
    // failure aborts the rest, and nothing is handed over before every part is done.
    const setup = new AbortController();
    const abortSetup = () => {
      setup.abort(signal?.reason);
    };
    signal?.addEventListener('abort', abortSetup, { once: true });
    const part = <T>(work: Promise<T>): Promise<T> =>
      work.catch((error: unknown) => {
        setup.abort(error);
        throw error;
      });

    try {
      const root = `${episodesRoot}/${id}`;
      const agentUid = await allocateUid(id);
      record.uids.push(agentUid);
      const serviceUid = services.length > 0 ? await allocateUid(id) : agentUid;
      if (serviceUid !== agentUid) record.uids.push(serviceUid);
      const network = planEpisodeNetwork(id, services);
      record.namespaces.push(...network.namespaces);
      const cgroupNames = [`${id}-agent`, ...services.map((_, index) => `${id}-s${String(index)}`)];
      for (const name of cgroupNames) record.cgroups.push(...cgroupDirectories(name));
      await saveEpisodeRecord(record); // before anything exists that a sweep must find
      const [made] = await Promise.all([
        Promise.all(
          cgroupNames.map(async (name) => {
            const set = await createCgroups(name, spec.limits ?? {});
            cgroupSets.push(set);
            return set;
          }),
        ),
        createNamespaces(network),
      ]);
      const [agentCgroups, ...serviceCgroups] = made;
      if (agentCgroups === undefined) throw new Error('no cgroups for the agent');

      const configured = [
        part(configureAgentNamespace(network)),
        ...network.links.map((link, index) =>
          part(startService(link, index, serviceCgroups[index], configureServiceNamespace(link))),
        ),
      ];
      const agent = part(startAgent(agentCgroups));
      const outcomes = await Promise.allSettled([...configured, agent]);
      const failure = outcomes.find((outcome) => outcome.status === 'rejected');
      if (failure !== undefined) throw setup.signal.reason ?? failure.reason;
      signal?.throwIfAborted();
      return { id, agent: await agent, services: serviceSandboxes, close };

      async function startService(
        link: ServiceLink,
        index: number,
        cgroups: CgroupSet | undefined,
        namespace: { addressed: Promise<void>; done: Promise<void> },
      ): Promise<void> {
        const service = services[index];
        if (service === undefined || cgroups === undefined) return;
        const directory = `${root}/service-${String(index)}`;
        const [, etc] = await Promise.all([
          placeFiles(directory, service.files ?? {}, serviceUid),
          writeEtcFiles(`${root}/etc-service-${String(index)}`, serviceUid, []),
          namespace.addressed, // a service may bind its own address
        ]);
        setup.signal.throwIfAborted();
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
        const serviceTarget: ExecHelperTarget = {
          pid: childPid,
          uid: serviceUid,
          procsFiles: cgroups.procsFiles,
          home: '/srv',
          rawSockets: false,
        };
        serviceSandboxes[service.name] = localSandbox({
          initPid: childPid,
          uid: serviceUid,
          cgroups,
          services: [],
          home: '/srv',
          isClosed: () => closed,
          helper: helperFor(serviceTarget),
          helperTarget: serviceTarget,
        });
        await Promise.all([waitHealthy(link, service, started, setup.signal), namespace.done]);
      }

      async function startAgent(cgroups: CgroupSet): Promise<Sandbox> {
        const work = `${root}/work`;
        const hosts = network.links.map((link) => ({
          name: link.name,
          address: link.serviceAddress,
        }));
        const [, etc] = await Promise.all([
          placeFiles(work, spec.files ?? {}, agentUid),
          writeEtcFiles(`${root}/etc-agent`, agentUid, hosts),
        ]);
        setup.signal.throwIfAborted();
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
        const agentTarget: ExecHelperTarget = {
          pid: childPid,
          uid: agentUid,
          procsFiles: cgroups.procsFiles,
          home: '/work',
          rawSockets: spec.rawSockets === true,
        };
        const agentHelper = helperFor(agentTarget);
        void agentHelper(); // starts now, beside the rest of the set-up
        return localSandbox({
          initPid: childPid,
          helper: agentHelper,
          helperTarget: agentTarget,
          uid: agentUid,
          cgroups,
          services: network.links.map((link) => ({
            name: link.name,
            host: link.name,
            ports: link.ports,
          })),
          home: '/work',
          isClosed: () => closed,
        });
      }
    } catch (error) {
      await close();
      if (error instanceof SandboxError) throw error;
      if (signal?.aborted === true && error === signal.reason) throw error;
      throw new SandboxError(
        'setup_failed',
        `cannot set up a sandbox: ${(error as Error).message}`,
        { cause: error },
      );
    } finally {
      signal?.removeEventListener('abort', abortSetup);
    }
  }

  return { start, sweep: () => sweepEpisodes() };
}

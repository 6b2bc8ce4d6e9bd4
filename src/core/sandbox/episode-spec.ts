/** A file placed in a sandbox: text, bytes, or either with a mode (e.g. `0o755` for a program). */
export type SandboxFile =
  string | Uint8Array | { readonly contents: string | Uint8Array; readonly mode: number };

/** A service a task starts beside the agent, in its own sandbox and network namespace. */
export interface ServiceSpec {
  /** The host name the agent reaches it by, e.g. `web`. */
  readonly name: string;
  /** argv, run in the service's sandbox with `/srv` as the working directory. */
  readonly command: readonly string[];
  /** TCP ports the agent may reach. */
  readonly ports: readonly number[];
  /** Files placed under `/srv` before the service starts: path -> contents. */
  readonly files?: Readonly<Record<string, SandboxFile>>;
  /** Environment of the service (nothing of the host's is passed). */
  readonly env?: Readonly<Record<string, string>>;
  /** How long the service may take to accept connections on its first port (default 10 s). */
  readonly startTimeoutMs?: number;
}

/** Resource bounds of a sandbox. */
export interface SandboxLimits {
  /** Most processes at once (default 256). */
  readonly pids?: number;
  /** Most memory in bytes (default 512 MiB). */
  readonly memoryBytes?: number;
  /** CPU share in cores (default 1). */
  readonly cpus?: number;
}

/** What one sample's episode needs: the agent's files and the services it may reach. */
export interface EpisodeSpec {
  /** Files placed under the agent's `/work`: path -> contents. */
  readonly files?: Readonly<Record<string, SandboxFile>>;
  readonly services?: readonly ServiceSpec[];
  readonly limits?: SandboxLimits;
  /**
   * The agent's commands keep CAP_NET_RAW (raw and packet sockets: ping, SYN scans, packet
   * crafting) and nothing else; its network reaches no further than without it.
   */
  readonly rawSockets?: boolean;
}

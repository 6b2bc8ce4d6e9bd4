/** How far a run has come, reported after every finished sample-epoch. */
export interface RunProgress {
  readonly planned: number;
  readonly completed: number;
  readonly errored: number;
  readonly totalTokens: number;
  readonly elapsedMs: number;
}

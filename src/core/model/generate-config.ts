/** Sampling settings for one model call; unset fields take the provider's defaults. */
export interface GenerateConfig {
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly seed?: number;
  readonly stopSequences?: readonly string[];
  readonly topP?: number;
}

/** Later settings win over earlier ones, field by field. */
export function mergeGenerateConfig(...configs: readonly GenerateConfig[]): GenerateConfig {
  return Object.assign({}, ...configs) as GenerateConfig;
}

import type { LogHeader } from '../../core/log/log-schema.js';
import type { InspectGenerateConfig } from './inspect-types.js';
import type { InspectGenerateConfigInput } from './inspect-schema.js';

/** Generation settings as Vigil's log holds them. */
export type LogGenerateConfig = LogHeader['config']['generate'];

/** Vigil's generation settings under Inspect's names. */
export function toInspectGenerateConfig(config: LogGenerateConfig): InspectGenerateConfig {
  return {
    ...(config.temperature === undefined ? {} : { temperature: config.temperature }),
    ...(config.maxTokens === undefined ? {} : { max_tokens: config.maxTokens }),
    ...(config.seed === undefined ? {} : { seed: config.seed }),
    ...(config.stopSequences === undefined ? {} : { stop_seqs: config.stopSequences }),
    ...(config.topP === undefined ? {} : { top_p: config.topP }),
  };
}

/** Inspect's generation options that Vigil has; the others are dropped. */
export function fromInspectGenerateConfig(config: InspectGenerateConfigInput): LogGenerateConfig {
  return {
    ...(config.temperature == null ? {} : { temperature: config.temperature }),
    ...(config.max_tokens == null ? {} : { maxTokens: config.max_tokens }),
    ...(config.seed == null ? {} : { seed: config.seed }),
    ...(config.stop_seqs == null ? {} : { stopSequences: config.stop_seqs }),
    ...(config.top_p == null ? {} : { topP: config.top_p }),
  };
}

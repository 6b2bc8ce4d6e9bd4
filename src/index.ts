/**
 * Vigil's public TypeScript API: define tasks in code and run them. Named exports only;
 * everything else is internal and may change.
 */
export { defineTask } from './core/task/task.js';
export type { Dataset, SampleLimits, Task, TaskDefinition } from './core/task/task.js';
export type { JsonValue, Metadata, Sample } from './core/task/sample.js';
export type { TaskState } from './core/task/task-state.js';

export type { Generate, Solver } from './core/solvers/solver.js';
export { chain } from './core/solvers/chain.js';
export { generate } from './core/solvers/generate.js';
export { multipleChoice } from './core/solvers/multiple-choice.js';
export { promptTemplate } from './core/solvers/prompt-template.js';
export { systemMessage } from './core/solvers/system-message.js';
export { userMessage } from './core/solvers/user-message.js';

export type { Score } from './core/scorers/score.js';
export type { Scorer } from './core/scorers/scorer.js';
export { choice } from './core/scorers/choice.js';
export { exact } from './core/scorers/exact.js';
export { includes } from './core/scorers/includes.js';
export { match } from './core/scorers/match.js';
export { modelGraded } from './core/scorers/model-graded.js';
export { numeric } from './core/scorers/numeric.js';
export { pattern } from './core/scorers/pattern.js';

export type { MetricValue, ScorerMetrics } from './core/metrics/metric-value.js';
export { passAtK } from './core/metrics/pass-at-k.js';
export { wilsonInterval } from './core/metrics/wilson-interval.js';

export type { ChatMessage } from './core/model/chat-message.js';
export type { ModelApi, ModelRequest } from './core/model/model-api.js';
export type { ModelOutput, TokenUsage } from './core/model/model-output.js';
export type { ToolCall, ToolDefinition } from './core/model/tool.js';
export { ModelApiError } from './core/errors/model-api-error.js';
export { InputError } from './core/errors/input-error.js';

export type { AgentTool, ToolContext, ToolResult } from './core/agent/tool.js';
export type { CommandToolOptions } from './core/agent/command-tool.js';
export { bashTool } from './core/agent/bash-tool.js';
export { pythonTool } from './core/agent/python-tool.js';
export { submitTool } from './core/agent/submit-tool.js';
export type { SubmitToolOptions } from './core/agent/submit-tool.js';
export { truncateOutput } from './core/agent/truncate-output.js';
export {
  allowAll,
  defaultApprovalPolicy,
  destructiveShellCommands,
  findDestructiveCommand,
} from './core/agent/approval.js';
export type {
  ApprovalDecision,
  ApprovalPolicy,
  DestructiveCommand,
  HumanApprover,
} from './core/agent/approval.js';
export { reactAgent } from './core/agent/react-agent.js';
export type { AgentLimits, ReactAgentOptions, TokenPrices } from './core/agent/react-agent.js';
export { AgentLimitError } from './core/agent/agent-limit-error.js';
export type { Sandbox, ExecRequest, ExecResult } from './core/sandbox/sandbox.js';

export { runEval } from './core/runner/run-eval.js';
export type { RunOptions, RunResult } from './core/runner/run-eval.js';
export { JsonlLogSink } from './log-files/jsonl-log-sink.js';
export { streamLog } from './log-files/read-log.js';
export { summarizeLog } from './log-files/summarize-log.js';
export { resolveModel } from './providers/resolve-model.js';

// A log as Inspect itself writes it (for a run Vigil did not make), for the import tests.
import type { Member } from './zip-fixture.js';

/** An EvalSpec as Inspect writes it, for a run Vigil did not make. */
export const spec = {
  eval_id: 'E1',
  run_id: 'R1',
  created: '2026-03-01T10:00:00.123456+01:00',
  task: 'arc_easy',
  task_id: 'T1',
  task_version: 0,
  task_attribs: {},
  task_args: {},
  task_args_passed: {},
  dataset: { name: 'ai2_arc', location: 'allenai/ai2_arc', samples: 2 },
  model: 'openai/gpt-4o',
  model_generate_config: { temperature: 0.5, max_connections: 4 },
  model_args: { base_url_env: 'X', n: 3 },
  config: { epochs: 2, epochs_reducer: ['mean'], fail_on_error: true, message_limit: 30 },
  packages: { inspect_ai: '0.3.260' },
  metadata: { suite: 'knowledge' },
  scorers: [{ name: 'choice' }, { name: 'grader' }],
};
export const plan = { name: 'plan', steps: [], config: {} };

/** Score values per (id, epoch): letters, a boolean, a numeric string, a list, NaN. */
export const values: Record<string, { choice: string; grader: string }> = {
  '1_1': { choice: '"C"', grader: '"N"' },
  '1_2': { choice: '"I"', grader: 'true' },
  '2_1': { choice: '"P"', grader: '"0.25"' },
  '2_2': { choice: 'NaN', grader: '[1, 2]' },
};

/** A sample as Inspect writes it: condensed (attachments, input_refs), with content lists. */
export function nativeSample(id: number, epoch: number): string {
  const value = values[`${id}_${epoch}`]!;
  const question = {
    role: 'user',
    content: [
      { type: 'text', text: `Question ${id}` },
      { type: 'image', image: 'attachment://img' },
    ],
    source: 'input',
  };
  const answer = {
    role: 'assistant',
    content: [
      { type: 'reasoning', reasoning: 'thinking' },
      { type: 'text', text: 'ANSWER: A' },
    ],
    model: 'gpt-4o',
  };
  return `{"id": ${id}, "epoch": ${epoch},
    "input": "attachment://question${id}",
    "target": "A", "choices": ["red", "blue"],
    "messages": [{"role": "system", "content": "attachment://system"}, ${JSON.stringify(question)}, ${JSON.stringify(answer)}],
    "output": {"model": "gpt-4o", "choices": [{"message": ${JSON.stringify(answer)}, "stop_reason": "stop"}], "completion": "ANSWER: A", "usage": {"input_tokens": 20, "output_tokens": 5, "total_tokens": 25}},
    "scores": {"choice": {"value": ${value.choice}, "answer": "A", "history": []}, "grader": {"value": ${value.grader}, "history": []}},
    "metadata": {}, "store": {},
    "events": [
      {"event": "span_begin", "timestamp": "2026-03-01T10:00:01+01:00", "working_start": 0, "id": "s", "name": "sample"},
      {"event": "model", "timestamp": "2026-03-01T10:00:01.500+01:00", "working_start": 0.5, "model": "openai/gpt-4o", "input": [], "input_refs": [[0, 2]], "tools": [], "tool_choice": "none", "config": {"temperature": 0.5}, "output": {"model": "gpt-4o", "choices": [{"message": ${JSON.stringify(answer)}, "stop_reason": "stop"}], "completion": "ANSWER: A", "usage": {"input_tokens": 20, "output_tokens": 5, "total_tokens": 25}}, "working_time": 1.25},
      {"event": "score", "timestamp": "2026-03-01T10:00:03+01:00", "working_start": 2, "score": {"value": ${value.choice}, "history": []}, "scorer": "choice", "intermediate": false},
      {"event": "score", "timestamp": "2026-03-01T10:00:03+01:00", "working_start": 2, "score": {"value": 0, "history": []}, "scorer": "choice", "intermediate": true}
    ],
    "model_usage": {"openai/gpt-4o": {"input_tokens": 20, "output_tokens": 5, "total_tokens": 25}},
    "role_usage": {},
    "started_at": "2026-03-01T10:00:01+01:00", "completed_at": "2026-03-01T10:00:03.5+01:00",
    "total_time": 2.5, "working_time": 2.4, "uuid": "u${id}${epoch}",
    "attachments": {"system": "You are a careful assistant.", "question${id}": "Question ${id}", "img": "data:image/png;base64,AAAA"}}`;
}

export const nativeHeader = (status: string, version = 2) =>
  JSON.stringify({
    version,
    status,
    eval: spec,
    plan,
    // Deliberately wrong metrics: the import recomputes them.
    results: {
      total_samples: 4,
      completed_samples: 4,
      scores: [
        {
          name: 'choice',
          scorer: 'choice',
          params: {},
          metrics: { accuracy: { name: 'accuracy', value: 0.99, params: {} } },
        },
      ],
    },
    stats: {
      started_at: '2026-03-01T10:00:00+01:00',
      completed_at: '2026-03-01T10:01:00+01:00',
      model_usage: {},
      role_usage: {},
      connection_limit_history: [],
    },
    invalidated: false,
    tags: [],
    metadata: {},
  });

export const summaries = JSON.stringify(
  ['1_1', '1_2', '2_1', '2_2'].map((key) => ({
    id: Number(key[0]),
    epoch: Number(key[2]),
    scores: { choice: {}, grader: {} },
  })),
);

/** A finished native log, members compressed every way Inspect's readers accept. */
export function nativeMembers(): Member[] {
  return [
    {
      name: '_journal/start.json',
      text: JSON.stringify({ version: 2, eval: spec, plan }),
      method: 'zstd',
    },
    // A superseded copy of a sample: the later member of the same name wins.
    { name: 'samples/1_epoch_1.json', text: '{"superseded": true}', method: 'stored' },
    { name: 'samples/1_epoch_1.json', text: nativeSample(1, 1), method: 'zstd' },
    { name: 'samples/2_epoch_1.json', text: nativeSample(2, 1), method: 'zstd2' },
    { name: 'samples/1_epoch_2.json', text: nativeSample(1, 2), method: 'deflate' },
    { name: 'samples/2_epoch_2.json', text: nativeSample(2, 2), method: 'stored' },
    { name: '_journal/summaries/1.json', text: summaries, method: 'stored' },
    { name: 'summaries.json', text: summaries, method: 'zstd' },
    { name: 'header.json', text: nativeHeader('success'), method: 'stored' },
  ];
}

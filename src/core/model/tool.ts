/** A tool the model may call; `parameters` is a JSON Schema object. */
export interface ToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** A call the model asked for. `parseError` is set when its arguments were not valid JSON. */
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: Readonly<Record<string, unknown>>;
  readonly parseError?: string;
}

/** Whether and how the model may call tools. */
export type ToolChoice = 'auto' | 'none' | 'required' | { readonly name: string };

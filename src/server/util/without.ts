/** A copy of `value` without the named keys (to drop a secret or an optional field). */
export function without<Value extends object, Key extends keyof Value & string>(
  value: Value,
  ...keys: readonly Key[]
): Omit<Value, Key> {
  const dropped: readonly string[] = keys;
  return Object.fromEntries(
    Object.entries(value).filter(([key]) => !dropped.includes(key)),
  ) as Omit<Value, Key>;
}

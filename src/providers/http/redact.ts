const keyLike = /\bsk-[A-Za-z0-9_-]{8,}/g;

/** Removes secrets from text that may reach a log, an error or a terminal. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let clean = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) clean = clean.split(secret).join('[redacted]');
  }
  return clean.replace(keyLike, 'sk-[redacted]');
}

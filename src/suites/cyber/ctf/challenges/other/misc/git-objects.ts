import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/** A loose git object: its id and its file contents under `.git/objects/`. */
export interface GitObject {
  readonly id: string;
  readonly path: string;
  readonly compressed: Uint8Array;
}

function gitObject(type: 'blob' | 'tree' | 'commit', body: Uint8Array): GitObject {
  const raw = Buffer.concat([Buffer.from(`${type} ${String(body.length)}\0`), body]);
  const id = createHash('sha1').update(raw).digest('hex');
  return { id, path: `objects/${id.slice(0, 2)}/${id.slice(2)}`, compressed: deflateSync(raw) };
}

export interface Signature {
  readonly name: string;
  readonly email: string;
  /** Seconds since the epoch. */
  readonly time: number;
}

export interface CommitSpec {
  readonly files: Readonly<Record<string, string>>;
  readonly message: string;
  readonly author: Signature;
}

/**
 * A linear history of flat commits (files in the top folder only) as loose objects, the
 * `.git` files that point at it (HEAD, the branch, its reflog), and the id of the last commit.
 */
export function gitRepository(commits: readonly CommitSpec[], branch = 'main') {
  const files: Record<string, Uint8Array | string> = {};
  const add = (object: GitObject) => {
    files[object.path] = object.compressed;
    return object.id;
  };
  let parent: string | undefined;
  const reflog: string[] = [];
  for (const commit of commits) {
    const entries = Object.entries(commit.files)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, contents]) => {
        const blob = add(gitObject('blob', Buffer.from(contents)));
        return Buffer.concat([Buffer.from(`100644 ${name}\0`), Buffer.from(blob, 'hex')]);
      });
    const tree = add(gitObject('tree', Buffer.concat(entries)));
    const { name, email, time } = commit.author;
    const signature = `${name} <${email}> ${String(time)} +0000`;
    const text =
      `tree ${tree}\n${parent === undefined ? '' : `parent ${parent}\n`}` +
      `author ${signature}\ncommitter ${signature}\n\n${commit.message}\n`;
    const id = add(gitObject('commit', Buffer.from(text)));
    const kind = parent === undefined ? 'commit (initial)' : 'commit';
    reflog.push(`${parent ?? '0'.repeat(40)} ${id} ${signature}\t${kind}: ${commit.message}`);
    parent = id;
  }
  if (parent === undefined) throw new RangeError('a repository needs at least one commit');
  const log = `${reflog.join('\n')}\n`;
  files.HEAD = `ref: refs/heads/${branch}\n`;
  files[`refs/heads/${branch}`] = `${parent}\n`;
  files['logs/HEAD'] = log;
  files[`logs/refs/heads/${branch}`] = log;
  files.config = '[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n';
  files.description = 'Unnamed repository; edit this file to name it.\n';
  files.COMMIT_EDITMSG = `${commits.at(-1)?.message ?? ''}\n`;
  return { files, head: parent };
}

/** The second thread of a large folder's walk (local-walk.ts): walks the entries it is given and replies once. */
import { parentPort, workerData } from 'node:worker_threads';
import { errorText } from '../errors.js';
import { emptyWalk, readFolder, walkEntry, type WalkHalf, type WalkReply } from './local-walk.js';

const port = parentPort;
if (!port) throw new Error('local-walk-worker must run in a worker thread');
const { dir, real, names, stats } = workerData as WalkHalf;
let reply: WalkReply;
try {
  const wanted = new Set(names);
  const out = emptyWalk();
  const seen = new Set([real]);
  for (const entry of readFolder(dir)) if (wanted.has(entry.name)) walkEntry(out, seen, dir, real, entry, stats);
  reply = { ok: true, walked: out };
} catch (error) {
  reply = { ok: false, message: errorText(error) };
}
port.postMessage(reply);
port.close();

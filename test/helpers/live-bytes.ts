import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A meter of what is live in the heap and in array buffers (not what is merely not yet collected), for the tests
 * that hold a buffer to what it promises. It collects twice before each reading: the second lets the first's
 * sweeping finish, which a busy machine can leave behind.
 */
export function liveBytesMeter(): () => number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
}

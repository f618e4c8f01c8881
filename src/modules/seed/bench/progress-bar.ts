/** Something that reports progress of a long seed: `done` of `total` units for a step. */
export type Progress = (step: string, done: number, total: number) => void;

export const noProgress: Progress = () => undefined;

/**
 * A one-line progress bar redrawn in place (on a terminal) or printed at each whole 10 % (in a
 * log), written through `write` (the CLI passes stderr so stdout stays the summary).
 */
export function progressBar(write: (text: string) => void, isTty: boolean, width = 30): Progress {
  let lastStep = '';
  let lastTenth = -1;
  let lastDraw = 0;
  return (step, done, total) => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    if (step !== lastStep) {
      if (lastStep && isTty) write('\n');
      lastStep = step;
      lastTenth = -1;
    }
    const line = `${step.padEnd(24)} [${'#'.repeat(Math.round(ratio * width)).padEnd(width, '.')}] ${String(done).padStart(7)}/${total}`;
    if (isTty) {
      const now = Date.now();
      // Redrawing costs more than a batch at times: at most ~10 redraws a second.
      if (done < total && now - lastDraw < 100) return;
      lastDraw = now;
      write(`\r${line}${done >= total ? '\n' : ''}`);
      if (done >= total) lastStep = '';
      return;
    }
    const tenth = Math.floor(ratio * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      write(`${line}\n`);
    }
  };
}

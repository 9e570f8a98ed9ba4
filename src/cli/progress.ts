// A progress bar for the long commands (an import of a county's workbook, synthetic data), on
// stderr and only when that is a terminal and the output is not --json: scripts, pipes and logs
// see nothing of it. One bar per phase, so that each phase's remaining time is its own.
import cliProgress from 'cli-progress';

export interface Progress {
  /** `done` of `total` in `unit` for the phase `label`; a new label ends the bar before and starts another. */
  update(label: string, done: number, total: number, unit: string): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

export function terminalProgress(json: boolean | undefined, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (json || !stream.isTTY) return silent;
  let bar: cliProgress.SingleBar | null = null;
  let phase = '';
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  return {
    update(label, done, total, unit) {
      if (label !== phase) {
        stop();
        phase = label;
        bar = new cliProgress.SingleBar(
          { stream, format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | 剩余 {eta_formatted}`, hideCursor: true, fps: 4, etaBuffer: 40, barsize: 30 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.max(total, 1), done);
        return;
      }
      bar?.setTotal(Math.max(total, 1));
      bar?.update(done);
    },
    stop,
  };
}

/** An import's progress in the words of its phases: bytes read, then households checked (and written). */
export function importProgress(progress: Progress, dryRun: boolean) {
  return (p: { phase: 'converting' | 'reading' | 'checking' | 'writing' | 'done'; done: number; total: number }): void => {
    if (p.phase === 'converting') progress.update('转换旧版 Excel 文件', 0, 1, '');
    else if (p.phase === 'reading') progress.update('读取文件', Math.round(p.done / 1e5) / 10, Math.round(p.total / 1e5) / 10, 'MB');
    else progress.update(dryRun ? '检查' : '检查与写入', p.done, p.total, '户');
    if (p.phase === 'done') progress.stop();
  };
}

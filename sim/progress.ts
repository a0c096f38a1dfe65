// A terminal progress bar (cli-progress) for long replays; silent when stdout is not a terminal or in tests.
import cliProgress from "cli-progress";

export interface Progress {
  start(total: number): void;
  update(step: number): void;
  stop(): void;
}

export const noProgress: Progress = { start() {}, update() {}, stop() {} };

export function progressBar(label: string): Progress {
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} steps | {eta_formatted} left`, hideCursor: true },
    cliProgress.Presets.shades_classic
  );
  let last = 0;
  return {
    start: (total) => bar.start(total, 0),
    update: (step) => {
      // Redrawing costs more than a replay step: only every 1%.
      if (step - last >= bar.getTotal() / 100 || step === bar.getTotal()) {
        bar.update(step);
        last = step;
      }
    },
    stop: () => bar.stop(),
  };
}

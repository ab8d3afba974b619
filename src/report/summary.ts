import type { PullResult } from '../pull/pull.js';

/** Markdown table rows need `|` escaped and no newlines. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n') + '\n';
}

export function humanBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

const SOURCE_TEXT: Record<PullResult['source'], string> = {
  local: 'output dir (already there)',
  'tool-cache': 'runner tool cache',
  'actions-cache': 'GitHub Actions cache',
  download: 'download',
};

/** The job summary for a pull: one row per image. */
export function pullSummary(results: PullResult[], registrySource: string): string {
  const rows = results.map((r) => [
    `\`${r.entry.name}\``,
    r.entry.version,
    r.entry.arch,
    `\`${r.entry.sha256.slice(0, 12)}\``,
    SOURCE_TEXT[r.source],
    humanBytes(r.archiveBytes),
    `${(r.ms / 1000).toFixed(2)} s`,
  ]);
  return (
    `### Guest images\n\n` +
    table(['Image', 'Version', 'Arch', 'SHA-256', 'Source', 'Size', 'Time'], rows) +
    `\nRegistry: ${cell(registrySource)}\n`
  );
}

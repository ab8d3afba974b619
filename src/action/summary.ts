import { humanBytes } from '../core/format.js';
import type { PullResult } from '../pull/pull.js';
import { releasedText } from '../registry/order.js';
import type { ImageEntry } from '../registry/types.js';
import { ACTIONS_CACHE_LIMIT, type WarmRecord } from '../ops/warm.js';

/** Markdown table rows need `|` escaped and no newlines. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n') + '\n';
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
    r.sourceUrl && r.sourceUrl !== r.entry.url
      ? `${SOURCE_TEXT[r.source]} from ${r.sourceUrl}`
      : SOURCE_TEXT[r.source],
    humanBytes(r.archiveBytes),
    `${(r.ms / 1000).toFixed(2)} s`,
  ]);
  return (
    `### Guest images\n\n` +
    table(['Image', 'Version', 'Arch', 'SHA-256', 'Source', 'Size', 'Time'], rows) +
    `\nRegistry: ${cell(registrySource)}\n`
  );
}

/** The job summary for `list`: the rows of the matrix. */
export function listSummary(images: ImageEntry[], registrySource: string): string {
  const rows = images.map((e) => [
    `\`${e.name}\``,
    e.version,
    e.arch,
    releasedText(e),
    `\`${e.sha256.slice(0, 12)}\``,
    e.description,
  ]);
  const body =
    rows.length > 0
      ? table(['Image', 'Version', 'Arch', 'Released', 'SHA-256', 'Description'], rows)
      : 'No image matches the inputs: the matrix is empty.\n';
  return `### Guest image matrix (${rows.length})\n\n${body}\nRegistry: ${cell(registrySource)}\n`;
}

const WARM_STATUS_TEXT: Record<WarmRecord['status'], string> = {
  warmed: 'warmed (downloaded and saved)',
  skipped: 'already cached',
  failed: 'failed',
};

/** The job summary for `warm`: each image's outcome, and the bytes saved against the cache limit. */
export function warmSummary(records: WarmRecord[], registrySource: string): string {
  const rows = records.map((r) => [
    `\`${r.name}\``,
    r.version,
    r.arch,
    `\`${r.sha256.slice(0, 12)}\``,
    WARM_STATUS_TEXT[r.status],
    r.status === 'warmed' ? humanBytes(r.bytes) : '—',
    r.error ?? '',
  ]);
  const saved = records.filter((r) => r.status === 'warmed').reduce((sum, r) => sum + r.bytes, 0);
  const share = ((saved / ACTIONS_CACHE_LIMIT) * 100).toFixed(1);
  const count = (s: WarmRecord['status']): number => records.filter((r) => r.status === s).length;
  return (
    `### Guest image cache warm-up\n\n` +
    (rows.length > 0
      ? table(['Image', 'Version', 'Arch', 'SHA-256', 'Status', 'Size', 'Error'], rows)
      : 'No image matches the inputs.\n') +
    `\n${count('warmed')} warmed, ${count('skipped')} already cached, ${count('failed')} failed. ` +
    `Saved this run: ${humanBytes(saved)}, ${share}% of the repository's 10 GB Actions cache ` +
    `(past it, GitHub evicts the least recently used entries; sizes of entries already cached are not looked up).\n` +
    `\nRegistry: ${cell(registrySource)}\n`
  );
}

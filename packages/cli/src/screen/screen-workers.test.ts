import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const bin = path.join(root, 'packages/cli/bin/zhengming.js');
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'zm-screen-workers-'));

const POOL =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';
const FRAME =
  '本人承诺所举报内容真实，愿意配合组织调查核实，如有捏造事实愿意承担相应责任。请组织认真调查，给群众一个满意的答复。';

function createRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state >>> 8;
  };
}

function prose(random: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i += 1) {
    text += POOL[random() % POOL.length] ?? '';
  }
  return text;
}

/** A copy of a letter with a few characters changed, as campaign members are. */
function edit(random: () => number, text: string): string {
  const characters = [...text];
  for (let k = 0; k < 6; k += 1) {
    characters[random() % characters.length] = POOL[random() % POOL.length] ?? '';
  }
  return characters.join('');
}

/**
 * About 10,000 rows (several 1 MiB chunks): campaigns of edited copies, frame-sharing and unrelated
 * complaints, anonymous and online reporters with shared phones and IPs, and bad rows of every kind —
 * broken JSON, missing fields, repeated ids, blank and CRLF lines, one line longer than a chunk.
 */
function generatedCorpus(): string {
  const random = createRandom(20240601);
  const lines: string[] = [];
  let letter = '';
  for (let n = 0; n < 10_000; n += 1) {
    if (n % 40 === 0) {
      letter = prose(random, 220 + (random() % 120));
    }
    const isCopy = n % 40 < 6;
    const day = 1 + (n % 28);
    const month = 1 + ((n >> 9) % 12);
    const anonymous = random() % 9 === 0;
    const row: Record<string, unknown> = {
      id: `G${n}`,
      receivedAt: `2023-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${String(8 + (n % 10)).padStart(2, '0')}:00:00`,
      channel: ['letter', 'visit', 'phone', 'online', 'referred'][n % 5],
      anonymous,
      reporter: anonymous
        ? null
        : {
            name: `举报人${random() % 3000}`,
            phone: `139${String(random() % 400).padStart(8, '0')}`,
            ...(n % 5 === 3 ? { ip: `10.1.${random() % 4}.${random() % 50}`, deviceId: `D${random() % 80}` } : {}),
            ...(n % 7 === 0 ? { address: `青山镇柳林村${random() % 9}组${random() % 30}号` } : {}),
          },
      subjects: [
        { name: `对象${(n >> 3) % 700}`, unit: `单位${(n >> 5) % 90}`, candidate: n % 11 === 0 },
        ...(n % 6 === 0 ? [{ name: `对象${(n >> 3) % 700}` }] : []),
      ],
      ...(n % 13 === 0 ? { cosigners: [{ name: `联名人${n % 17}` }, { name: '钱国栋', denied: n % 26 === 0 }] } : {}),
      ...(n % 97 === 0 ? { conclusion: 'unfounded', concludedAt: '2023-01-01', finding: 'mistaken' } : {}),
      ...(n % 101 === 0 ? { attachments: [{ name: '照片.jpg', path: 'a.jpg' }] } : {}),
      text: isCopy
        ? edit(random, letter)
        : `${prose(random, 150 + (random() % 250))}${n % 3 === 0 ? FRAME : ''}${n % 29 === 0 ? '如果不给我们解决，我们就去北京上访。' : ''}`,
    };
    let line = JSON.stringify(row);
    if (n % 997 === 5) {
      line = line.slice(0, 40);
    } else if (n % 1499 === 7) {
      line = JSON.stringify({ ...row, id: `G${n - 3}` });
    } else if (n % 1201 === 9) {
      line = JSON.stringify({ ...row, receivedAt: '2023-02-30T10:00:00' });
    } else if (n === 4321) {
      line = JSON.stringify({ ...row, text: prose(random, 1_200_000) });
    }
    lines.push(n % 211 === 0 ? `${line}\r` : line);
    if (n % 313 === 0) {
      lines.push(n % 626 === 0 ? '   ' : '');
    }
  }
  // No line break after the last line.
  return lines.join('\n');
}

/** The JSON output without its run time, which differs between any two runs. */
function screenOutput(input: string, threads: number, extra: string[] = []): string {
  const out = path.join(directory, `out-${threads}-${path.basename(input)}-${extra.length}.json`);
  const result = spawnSync(process.execPath, [bin, 'screen', input, '--out', out, ...extra], {
    encoding: 'utf8',
    env: { ...process.env, ZHENGMING_SCREEN_WORKERS: String(threads) },
  });
  expect(result.status, result.stderr).toBe(0);
  return fs.readFileSync(out, 'utf8').replace(/"seconds":[0-9.e+-]+/, '"seconds":0');
}

const corpusFile = path.join(directory, 'generated.jsonl');
const bomFile = path.join(directory, 'bom.jsonl');

beforeAll(() => {
  // The tests run the built CLI (worker threads need the built worker); build what is stale.
  const build = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', 'packages/cli'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  if (build.status !== 0) {
    throw new Error(`tsc -b failed: ${build.stdout}${build.stderr}`);
  }
  fs.writeFileSync(corpusFile, generatedCorpus());
  // A byte-order mark at the start of the file is dropped; inside a later line it is content.
  fs.writeFileSync(bomFile, `\uFEFF${generatedCorpus().split('\n').slice(0, 50).join('\n')}\n\uFEFF{}\n`);
}, 180_000);

afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

describe('zhengming screen with worker threads', () => {
  it('writes byte for byte the output of one thread on a generated 10,000-row corpus', () => {
    expect(fs.statSync(corpusFile).size).toBeGreaterThan(8 * 1024 * 1024);
    const single = screenOutput(corpusFile, 0);
    const output = JSON.parse(single) as {
      campaigns: unknown[];
      stats: { rows: number; screened: number; badRows: { line: number; reason: string }[] };
    };
    expect(output.campaigns.length).toBeGreaterThan(30);
    expect(output.stats.rows).toBe(10_000);
    expect(output.stats.badRows.length).toBeGreaterThan(25);
    expect(output.stats.badRows.some((row) => row.reason.includes('已出现'))).toBe(true);
    expect(output.stats.badRows.some((row) => row.reason.includes('过长'))).toBe(true);
    expect(screenOutput(corpusFile, 2)).toBe(single);
    expect(screenOutput(corpusFile, 1)).toBe(single);
  }, 240_000);

  it('gives the same output with online ids and a custom boilerplate list', () => {
    const phrases = path.join(directory, 'phrases.txt');
    fs.writeFileSync(phrases, `${FRAME.slice(0, 20)}\n`);
    const extra = ['--with-online-ids', '--boilerplate', phrases, '--min-reporters', '2'];
    expect(screenOutput(corpusFile, 3, extra)).toBe(screenOutput(corpusFile, 0, extra));
  }, 240_000);

  it('drops a byte-order mark only at the start of the file, as one thread does', () => {
    const single = screenOutput(bomFile, 0);
    expect(single).toContain('{"line":51,"reason":"不是有效的 JSON');
    expect(screenOutput(bomFile, 2)).toBe(single);
  }, 120_000);
});

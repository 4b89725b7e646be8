/**
 * Seeded complaint-like letters for screening storage tests: unrelated letters, and campaigns of copies edited
 * from light to heavy, so that candidates found by band key span the similarity threshold. All names are
 * invented. (The benchmark's richer corpus lives in packages/bench, which the server may not import.)
 */

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国德福春兰志';
const VILLAGES = [
  '石桥村',
  '东湖村',
  '柳树湾村',
  '杨家坪村',
  '青山村',
  '河口村',
  '大王庄村',
  '龙潭村',
  '新民村',
  '白沙村',
];
const POSITIONS = [
  '村委会主任',
  '村党支部书记',
  '村会计',
  '财政所所长',
  '民政办主任',
  '副镇长',
  '水利站站长',
  '村民组长',
];
const PROJECTS = [
  '道路硬化工程',
  '危房改造补助',
  '低保名额',
  '扶贫资金',
  '土地征收补偿款',
  '集体鱼塘承包费',
  '安全饮水工程',
  '农机购置补贴',
  '退耕还林补助',
  '村办公楼建设',
  '河道清淤工程',
  '光伏扶贫项目',
];
const DEEDS = ['虚报冒领', '截留挪用', '优亲厚友', '收受好处费', '违规发包', '侵占', '私分', '套取', '拖欠不发'];
const DETAILS = [
  '群众意见很大',
  '至今没有公开账目',
  '村民多次反映无果',
  '手续完全不合规',
  '钱款去向不明',
  '有关部门一直没有处理',
  '老百姓敢怒不敢言',
  '还威胁举报的村民',
  '账上根本对不上',
  '工程质量很差',
];

/** mulberry32: a small seeded generator, so the letters are the same on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` letters in a seeded order; about one in six belongs to a campaign of 3–10 copies. */
export function buildScreeningTexts(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const pick = (list: readonly string[] | string): string => list[int(0, list.length - 1)] ?? '';
  const person = (): string => pick(SURNAMES) + pick(GIVEN) + (random() < 0.5 ? pick(GIVEN) : '');
  const sentence = (): string =>
    `${pick(VILLAGES)}${pick(POSITIONS)}${person()}在${int(2018, 2024)}年${pick(PROJECTS)}中${pick(DEEDS)}` +
    `${int(2, 90)}万元，${person()}${pick(DETAILS)}。`;
  const letter = (sentences: string[]): string => `尊敬的领导：${sentences.join('')}恳请上级调查处理。`;

  const texts: string[] = [];
  while (texts.length < count) {
    const master = Array.from({ length: int(5, 9) }, sentence);
    if (random() < 0.03) {
      // A campaign: each copy replaces or drops a share of the master's sentences, from none to most.
      const copies = int(3, 10);
      for (let copy = 0; copy < copies && texts.length < count; copy += 1) {
        const edited = random() * 0.7;
        const sentences = master.flatMap((line) =>
          random() < edited / 3 ? [] : random() < edited ? [sentence()] : [line],
        );
        texts.push(letter(sentences));
      }
    } else {
      texts.push(letter(master));
    }
  }
  // Spread campaign members over the whole list.
  for (let index = texts.length - 1; index > 0; index -= 1) {
    const other = int(0, index);
    [texts[index], texts[other]] = [texts[other] ?? '', texts[index] ?? ''];
  }
  return texts;
}

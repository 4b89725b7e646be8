// A seeded generator of synthetic Chinese complaints for calibrating the engine's parameters
// (shingle size, threshold, LSH bands). Not the benchmark's corpus (that lives in packages/bench/src/corpus);
// written independently so the parameters are not tuned to one generator's quirks.
// Usage: import { createCorpus } from './calibration-corpus.mjs'.

export function createRandom(seed) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (list) => list[int(list.length)];
  const chance = (p) => next() < p;
  const shuffle = (list) => {
    const copy = [...list];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = int(i + 1);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  };
  return { next, int, pick, chance, shuffle };
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红梅志海文林春云飞鹏辉宇浩凯俊峰德福贵宝成荣忠义仁礼智信东南西北金银铁山水'.split(
    '',
  );
const PLACE_A = '东西南北上下前后大小新老高低长青白黄红金石龙凤马牛羊桃李杨柳松柏梅竹兰荷'.split('');
const PLACE_B = '山河湖塘坪坝沟岭湾桥庄岗林园溪泉峰洲渡口营寨堡屯'.split('');
const COUNTIES = ['清河', '平安', '永丰', '长宁', '安远', '兴隆', '太和', '宁远', '富民', '广德', '保康', '临川'];
const POSITIONS = [
  '村党支部书记',
  '村委会主任',
  '村党支部书记兼村委会主任',
  '村会计',
  '副镇长',
  '镇党委副书记',
  '镇财政所所长',
  '镇国土所所长',
  '镇农业服务中心主任',
  '县水利局副局长',
  '县住建局科长',
  '中心小学校长',
  '卫生院院长',
  '社区主任',
];
const PROJECTS = [
  '道路硬化工程',
  '安置房项目',
  '农村饮水安全工程',
  '高标准农田建设项目',
  '扶贫车间建设项目',
  '光伏电站项目',
  '危房改造项目',
  '村级活动场所建设',
  '河道清淤工程',
  '村容村貌整治项目',
  '产业园区征地',
  '学校食堂改造工程',
  '文化广场建设',
  '便民桥修建工程',
];
const FUNDS = [
  '集体资金',
  '扶贫资金',
  '征地补偿款',
  '危房改造补助款',
  '退耕还林补贴',
  '粮食直补资金',
  '低保金',
  '集体土地租金',
  '村级转移支付资金',
  '项目配套资金',
];
const RELATIVES = ['弟弟', '小舅子', '侄子', '妻子', '儿子', '女婿', '表哥', '堂弟', '儿媳', '亲家'];
const PLACES_EAT = ['县城的大酒店', '镇上的农家乐', '邻县的度假山庄', '村里的饭馆', '市里的会所'];

export function chineseAmount(value, style) {
  // value in 元
  const wan = value / 10000;
  if (style === 0) return `${wan}万元`;
  if (style === 1) return `${value}元`;
  if (style === 2) return `${wan}万余元`;
  const digits = '零一二三四五六七八九';
  const spell = (n) => {
    if (n < 10) return digits[n];
    if (n < 20) return `十${n % 10 ? digits[n % 10] : ''}`;
    if (n < 100) return `${digits[Math.floor(n / 10)]}十${n % 10 ? digits[n % 10] : ''}`;
    return String(n);
  };
  return Number.isInteger(wan) && wan < 100 ? `${spell(wan)}万元` : `${value}元`;
}

function person(r) {
  return r.pick(SURNAMES) + r.pick(GIVEN) + (r.chance(0.6) ? r.pick(GIVEN) : '');
}

function village(r) {
  return r.pick(PLACE_A) + r.pick(PLACE_B) + '村';
}

function town(r) {
  return r.pick(PLACE_A) + r.pick(PLACE_B) + r.pick(['镇', '乡', '街道']);
}

/** An event: one subject's real or alleged matter, with its facts. */
export function createEvent(r) {
  const county = r.pick(COUNTIES) + '县';
  const townName = town(r);
  const villageName = village(r);
  const subject = r.pick(SURNAMES) + '某某';
  const position = r.pick(POSITIONS);
  const facts = [];
  const count = 3 + r.int(4);
  const kinds = r.shuffle([
    'embezzle',
    'bribe',
    'welfare',
    'feast',
    'project',
    'land',
    'attitude',
    'election',
    'gamble',
  ]);
  for (let i = 0; i < count; i += 1) {
    facts.push({
      kind: kinds[i % kinds.length],
      amount: (1 + r.int(60)) * (r.chance(0.5) ? 10000 : 1000),
      project: r.pick(PROJECTS),
      fund: r.pick(FUNDS),
      relative: r.pick(RELATIVES),
      relativeName: person(r),
      contractor: person(r),
      year: 2019 + r.int(6),
      month: 1 + r.int(12),
      count: 2 + r.int(9),
      place: r.pick(PLACES_EAT),
      length: (2 + r.int(30)) * 100,
    });
  }
  return { county, town: townName, village: villageName, subject, position, facts };
}

/** Ways of stating one fact: several phrasings so honest reporters differ. */
function phrasings(e, f, amountStyle) {
  const A = chineseAmount(f.amount, amountStyle);
  const S = e.subject;
  const when = `${f.year}年${f.month}月`;
  switch (f.kind) {
    case 'embezzle':
      return [
        `${S}利用担任${e.position}的职务便利，将村里的${f.fund}${A}挪作他用，至今没有归还。`,
        `${when}，${S}私自把${f.fund}${A}转到个人账户，群众多次追问都没有下文。`,
        `村里的${f.fund}被${S}侵占了${A}，账目从来不公开。`,
        `我们发现${when}的${f.fund}少了${A}，经手人就是${S}，他说是借给别人了，但一直没有还回来。`,
      ];
    case 'bribe':
      return [
        `在${f.project}中，${S}收受承包商${f.contractor}好处费${A}，把工程交给没有资质的人干。`,
        `${f.contractor}为了拿到${f.project}，给${S}送了${A}现金，这件事村里很多人都知道。`,
        `${S}在${when}${f.project}招标前，收了老板${f.contractor}${A}，招标走了过场。`,
      ];
    case 'welfare':
      return [
        `${S}把自己的${f.relative}${f.relativeName}等${f.count}人违规纳入低保，真正困难的群众却评不上。`,
        `我们村的低保名额被${S}拿去照顾亲戚，他的${f.relative}家里有车有房也吃上了低保。`,
        `${when}评低保时，${S}没有开群众大会，直接把${f.relativeName}等${f.count}户报了上去。`,
      ];
    case 'feast':
      return [
        `${S}经常用公款在${f.place}大吃大喝，一年花掉${A}，发票都以办公用品名义报销。`,
        `${when}以来，${S}多次带人到${f.place}吃喝，费用全部由村里承担。`,
        `村里的招待费一年高达${A}，大部分是${S}和他的朋友在${f.place}吃掉的。`,
      ];
    case 'project':
      return [
        `${f.project}实际只修了${f.length}米，却按${f.length + 500}米结算，多出来的钱去向不明。`,
        `${f.project}偷工减料，路面不到一年就开裂了，${S}却在验收单上签了合格。`,
        `${when}完工的${f.project}质量很差，工程款${A}已经全部付清，是${S}一手操办的。`,
      ];
    case 'land':
      return [
        `${when}征地时，${S}截留了${f.count}户村民的征地补偿款共${A}。`,
        `我们组的土地被征收后，补偿款${A}一直没有发到群众手里，${S}说还要再等等。`,
        `${S}在土地征收中虚报面积，多领补偿款${A}，分给了自己的${f.relative}。`,
      ];
    case 'attitude':
      return [
        `${S}对群众态度蛮横，办事吃拿卡要，不给好处就不盖章。`,
        `群众到村委会办事，${S}经常不在，找到他也是推三阻四。`,
        `${S}平时作风霸道，谁提意见就打击报复，群众敢怒不敢言。`,
      ];
    case 'election':
      return [
        `在${f.year}年村委会换届选举中，${S}给村民每人发${f.count * 100}元拉票。`,
        `换届前${S}挨家挨户送米送油，让大家选他，这是贿选。`,
        `${f.year}年选举时，${S}安排${f.relative}代替外出村民投票。`,
      ];
    case 'gamble':
      return [
        `${S}长期参与赌博，${when}一次就输了${A}，钱从哪里来的值得调查。`,
        `${S}经常在镇上的茶馆打牌赌钱，输赢很大。`,
        `有人看到${S}在${f.place}赌博，一晚上输了${A}。`,
      ];
    default:
      return [`${S}有问题。`];
  }
}

const OPENERS = [
  (e, name) => `我是${e.town}${e.village}村民${name}，现实名反映本村${e.position}${e.subject}的问题。`,
  (e, name) => `我们是${e.village}的党员群众，向组织反映${e.subject}的违纪问题。`,
  (e, name) => `本人${name}，家住${e.town}${e.village}，要举报${e.subject}。`,
  (e) => `${e.county}${e.town}${e.village}${e.position}${e.subject}，在任期间问题很多，群众意见很大。`,
  (e) => `我要反映${e.village}的${e.subject}，他担任${e.position}以来，做了很多损害群众利益的事。`,
];
const CLOSINGS = [
  () => '以上情况属实，恳请上级纪委调查处理，还老百姓一个公道。',
  () => '我们不知道该向谁反映了，只能写信给你们，希望领导重视。',
  () => '请组织调查核实，严肃处理。此致敬礼！',
  () => '希望纪委派人下来查一查，群众都看着呢。',
  () => '以上反映如有不实，本人愿意承担责任。',
];
const FILLERS = [
  (e) => `${e.subject}在村里一手遮天，其他村干部都不敢说话。`,
  (e) => `这些问题群众反映过多次，镇里一直没有处理。`,
  (e) => `我们多次找${e.town}反映，都被推回来了。`,
  (e) => `${e.subject}的家人近几年在县城买了两套房，和他的收入明显不符。`,
  (e) => `希望上级能公开村里近五年的账目。`,
  (e) => `现在村民们议论纷纷，对村干部很不信任。`,
  (e) => `他还经常说上面有人，谁告也没用。`,
];

const CONNECTORS = [
  '',
  '',
  '另外，',
  '还有，',
  '更严重的是，',
  '据了解，',
  '听村里人说，',
  '大家都知道，',
  '其次，',
  '最让人气愤的是，',
  '我亲眼看到，',
  '据群众反映，',
];
const PERSONAL = [
  (e) => `我在${e.village}住了几十年，从没见过这样的村干部。`,
  (e) => `我家就在村口，这些事情都是亲眼所见。`,
  (e) => `我以前也在村里干过会计，对这些账目比较清楚。`,
  (e) => `我今年六十多岁了，本来不想惹事，但实在看不下去。`,
  (e) => `我是外出务工回来才知道这些情况的。`,
  (e) => `我们几户人家商量过，决定各自写信反映。`,
];

/** A complaint in its own words about an event (honest reporters differ in facts, order and phrasing). */
export function writeComplaint(r, e, reporterName, options = {}) {
  const parts = [];
  parts.push(r.pick(OPENERS)(e, reporterName));
  if (!options.allFacts && r.chance(0.6)) parts.push(r.pick(PERSONAL)(e));
  const facts = options.allFacts ? e.facts : r.shuffle(e.facts).slice(0, 2 + r.int(Math.max(1, e.facts.length - 1)));
  for (const f of facts) {
    const list = phrasings(e, f, r.int(4));
    parts.push(r.pick(CONNECTORS) + r.pick(list));
  }
  const fillers = 1 + r.int(3);
  for (let i = 0; i < fillers; i += 1) parts.push(r.pick(FILLERS)(e));
  parts.push(r.pick(CLOSINGS)());
  const text = parts.join('');
  return { text, sentences: parts };
}

const TYPO = [
  ['资金', '资今'],
  ['群众', '群重'],
  ['工程', '工成'],
  ['调查', '调察'],
  ['问题', '问提'],
  ['反映', '反应'],
  ['处理', '处里'],
  ['村民', '村明'],
];

function reexpressAmounts(r, sentence) {
  return sentence
    .replace(/(\d+)万元/g, (m, w) => (r.chance(0.5) ? `${Number(w) * 10000}元` : chineseAmount(Number(w) * 10000, 3)))
    .replace(/(\d{4,})元/g, (m, v) => (r.chance(0.5) ? `${Number(v) / 10000}万元` : m));
}

function typo(r, sentence) {
  const [from, to] = r.pick(TYPO);
  return sentence.includes(from) ? sentence.replace(from, to) : sentence;
}

const SWAPS = [
  ['群众', '老百姓'],
  ['多次', '好几次'],
  ['严肃处理', '严肃查处'],
  ['一直', '始终'],
  ['调查', '核查'],
  ['经常', '时常'],
  ['违规', '违反规定'],
];

function swapWord(r, text) {
  const [a, b] = r.pick(SWAPS);
  return text.includes(a) ? text.replace(a, b) : text;
}

function lightEdit(r, e, sentences, reporterName) {
  const out = [...sentences];
  if (r.chance(0.5)) out[out.length - 1] = `${out[out.length - 1]}举报人：${reporterName}`;
  else
    out[0] = out[0].replace(/村民.{2,3}，/, `村民${reporterName}，`).replace(/本人.{2,3}，/, `本人${reporterName}，`);
  const k = r.int(out.length);
  out[k] = swapWord(r, out[k]);
  // formatting: spaces, full-width, line breaks
  return out.map((s) => (r.chance(0.3) ? s.replace(/，/g, ', ') : s)).join(r.chance(0.5) ? '\n' : '');
}

function mediumEdit(r, e, sentences, reporterName) {
  let out = [...sentences];
  out[0] = out[0].replace(/村民.{2,3}，/, `村民${reporterName}，`).replace(/本人.{2,3}，/, `本人${reporterName}，`);
  const body = out.slice(1, -1);
  // reword one or two sentences with another phrasing of some fact, delete one, swap two
  const action = r.int(3);
  if (action === 0 && body.length > 0) {
    const k = r.int(body.length);
    const f = r.pick(e.facts);
    body[k] = r.pick(phrasings(e, f, r.int(4)));
  } else if (action === 1 && body.length > 3) {
    body.splice(r.int(body.length), 1);
  }
  if (body.length > 2 && r.chance(0.5)) {
    const i = r.int(body.length - 1);
    [body[i], body[i + 1]] = [body[i + 1], body[i]];
  }
  out = [out[0], ...body.map((s) => (r.chance(0.4) ? reexpressAmounts(r, s) : s)), out[out.length - 1]];
  return out.map((s) => (r.chance(0.2) ? typo(r, s) : s)).join('');
}

function heavyEdit(r, e, sentences, reporterName) {
  const medium = mediumEdit(r, e, sentences, reporterName);
  const parts = medium.split(/(?<=[。！])/);
  // add a paragraph (two or three own sentences) and remove one
  const added = [];
  const n = 1 + r.int(2);
  for (let i = 0; i < n; i += 1)
    added.push(
      r.chance(0.5)
        ? r.pick(FILLERS)(e)
        : `我家的情况是这样的：${r.pick(['去年申请危房改造没有批下来', '孩子上学的补助被卡了', '我家的地被占了没有补偿', '去找他办事被骂了出来'])}，${r.pick(['到现在都没人管', '村里人都知道', '找了好几次都没用'])}。`,
    );
  const at = 1 + r.int(Math.max(1, parts.length - 2));
  parts.splice(at, 0, ...added);
  if (parts.length > 6 && r.chance(0.7)) parts.splice(1 + r.int(parts.length - 2), 1);
  return parts.join('');
}

const FRAMES = [
  (content, e) =>
    `致${e.county}纪委监委：\n关于${e.village}${e.position}${e.subject}违纪违法问题的举报\n一、被举报人基本情况\n${e.subject}，现任${e.position}。\n二、举报的主要问题\n${content}\n三、举报人的请求\n请求立案调查，依纪依法追究其责任，并及时向举报人反馈处理结果。\n举报人承诺：以上内容均为本人亲身经历或亲眼所见，如有虚假，愿负法律责任。`,
  (content, e) =>
    `尊敬的领导：您好！我们是${e.town}的普通群众，今天怀着沉重的心情给您写这封信，反映${e.subject}的问题。${content}我们相信党，相信组织，相信纪委一定会给我们一个公正的说法。恳请领导在百忙之中过问此事。`,
  (content, e) =>
    `举报人基本情况：（略）\n被举报人基本情况：${e.subject}，${e.position}。\n主要问题及事实依据：${content}\n诉求：请求依法依规调查处理，并将调查结果书面答复举报人。本人承诺所举报内容真实，愿意配合组织调查核实，如有捏造事实愿意承担相应责任。`,
  (content, e) =>
    `根据党章和纪律处分条例的规定，党员有权向党组织揭发检举党员违法违纪的事实。我作为一名普通群众，现就${e.subject}的问题向组织反映如下：${content}以上问题严重损害了党和政府在群众心目中的形象，严重侵害了群众的切身利益，请组织认真调查，依纪依法严肃处理，给群众一个满意的答复。`,
];

/**
 * Builds a labelled corpus: campaigns with tiered copies, honest multi-reporter events,
 * frame-sharing unrelated complaints and background complaints.
 */
export function createCorpus({
  seed = 1,
  campaigns = 20,
  copies = [4, 20],
  honestEvents = 30,
  framed = 200,
  background = 1000,
} = {}) {
  const r = createRandom(seed);
  const docs = [];
  let next = 0;
  const id = () => `c${(next += 1)}`;
  for (let c = 0; c < campaigns; c += 1) {
    const e = createEvent(r);
    const master = writeComplaint(r, e, person(r), { allFacts: true });
    const size = copies[0] + r.int(copies[1] - copies[0] + 1);
    for (let k = 0; k < size; k += 1) {
      const tier = ['exact', 'light', 'medium', 'heavy'][k % 4];
      const name = person(r);
      let text;
      if (tier === 'exact') text = master.text;
      else if (tier === 'light') text = lightEdit(r, e, master.sentences, name);
      else if (tier === 'medium') text = mediumEdit(r, e, master.sentences, name);
      else text = heavyEdit(r, e, master.sentences, name);
      docs.push({ id: id(), text, group: `campaign${c}`, tier, master: master.text });
    }
  }
  for (let h = 0; h < honestEvents; h += 1) {
    const e = createEvent(r);
    const reporters = 3 + r.int(6);
    for (let k = 0; k < reporters; k += 1) {
      docs.push({ id: id(), text: writeComplaint(r, e, person(r)).text, group: `honest${h}`, tier: 'honest' });
    }
  }
  for (let f = 0; f < framed; f += 1) {
    const e = createEvent(r);
    const content = writeComplaint(r, e, person(r)).sentences.slice(1, -1).join('');
    docs.push({ id: id(), text: FRAMES[f % FRAMES.length](content, e), group: `framed${f}`, tier: 'framed' });
  }
  for (let b = 0; b < background; b += 1) {
    const e = createEvent(r);
    docs.push({ id: id(), text: writeComplaint(r, e, person(r)).text, group: `bg${b}`, tier: 'background' });
  }
  return docs;
}

import fs from 'node:fs';
import type { ScreenJsonOutput } from './campaign-quality.js';
import type { CorpusRecord } from './corpus/generate-corpus.js';

/**
 * A small hand-written fixture set after patterns from published cases (names and places invented):
 * A — identical letters from different people against one village head within days (the township case);
 * B — one joint letter whose co-signers partly deny having signed;
 * C — one author writing the same letter against many officials under several names with one phone.
 */
export function publishedCaseRecords(): (CorpusRecord & { cosigners?: { name: string; denied?: boolean }[] })[] {
  const records: (CorpusRecord & { cosigners?: { name: string; denied?: boolean }[] })[] = [];
  const letterA =
    '尊敬的县纪委领导：\n我们是柳林村的村民，现实名反映柳林村村委会主任张卫东的问题。一、2022年柳林村道路硬化工程总投资86万元，张卫东未经村民代表大会讨论，直接把工程交给其小舅子的建筑队施工，工程质量低劣，路面不到半年就开裂。二、2021年土地流转费12.6万元至今没有入村集体账，去向不明。三、张卫东利用职务之便，为其亲属违规办理低保三户。四、村务公开栏两年没有更新，村民多次询问，张卫东均以各种理由推脱。以上问题群众反映强烈，恳请上级纪委派人调查核实，严肃处理。';
  const reportersA = ['刘春生', '王桂兰', '陈志强', '赵明华', '孙建国', '周秀英', '吴德福'];
  reportersA.forEach((name, index) => {
    records.push({
      id: `A${index + 1}`,
      receivedAt: `2023-03-${String(6 + index).padStart(2, '0')}T09:${String(10 + index * 5)}:00+08:00`,
      channel: index % 2 === 0 ? 'letter' : 'online',
      anonymous: false,
      reporter: {
        name,
        phone: `1390375${String(1000 + index * 37)}`,
        address: `青山镇柳林村${index + 1}组${10 + index}号`,
      },
      subjects: [{ name: '张卫东', unit: '青山镇柳林村', position: '村委会主任' }],
      text: letterA,
    });
  });
  records.push({
    id: 'B1',
    receivedAt: '2023-05-12T10:00:00+08:00',
    channel: 'letter',
    anonymous: false,
    reporter: { name: '马国庆', phone: '13700001111', address: '双桥镇杏花村三组8号' },
    cosigners: [
      { name: '马国庆' },
      { name: '郑玉梅', denied: true },
      { name: '黄海涛' },
      { name: '林秀珍', denied: true },
      { name: '何建新' },
      { name: '罗德胜', denied: true },
      { name: '谢春花' },
      { name: '宋永安' },
      { name: '唐金山' },
    ],
    subjects: [{ name: '许文斌', unit: '双桥镇杏花村', position: '村党支部书记' }],
    text: '联名举报信\n双桥镇纪委：我们杏花村九名村民联名反映村党支部书记许文斌在2022年危房改造中优亲厚友，把三个补助名额给了自己的亲戚，真正住危房的五保户却没有评上，补助资金共计7.5万元。请组织调查核实。联名人：马国庆、郑玉梅、黄海涛、林秀珍、何建新、罗德胜、谢春花、宋永安、唐金山。',
  });
  const officials: [string, string, string][] = [
    ['韩立新', '平阳县水利局', '副局长'],
    ['邓春林', '平阳县住建局', '科长'],
    ['曹文华', '平阳县交通运输局', '股长'],
    ['彭志刚', '平阳县自然资源局', '副局长'],
    ['曾庆丰', '平阳县民政局', '办公室主任'],
    ['肖国栋', '平阳县农业农村局', '科长'],
    ['田永红', '平阳县教育局', '副局长'],
    ['董建军', '平阳县卫健委', '股长'],
    ['袁明亮', '平阳县城管局', '副局长'],
    ['潘海波', '平阳县乡村振兴局', '科长'],
    ['蒋德平', '平阳县财政局', '股长'],
    ['蔡宏伟', '平阳县审计局', '副局长'],
  ];
  const aliases = ['李正义', '王公道', '张清白', '赵为民', '钱守法', '孙秉公', '周敢言', '吴求实'];
  officials.forEach(([name, unit, position], index) => {
    const isAnonymous = index >= aliases.length;
    records.push({
      id: `C${index + 1}`,
      receivedAt: `2023-08-${String(1 + index * 2).padStart(2, '0')}T15:00:00+08:00`,
      channel: 'online',
      anonymous: isAnonymous,
      reporter: isAnonymous ? null : { name: aliases[index] ?? '', phone: '15803750000' },
      subjects: [{ name, unit, position }],
      text: `平阳县纪委监委：我要举报${unit}${position}${name}。此人长期利用职务便利为他人承揽工程提供帮助，收受工程老板好处费二十余万元；每逢节假日收受下属购物卡；在单位搞一言堂，排斥异己，打击报复提意见的同志；生活作风腐化，在外包养情人。${name}的问题在单位人尽皆知，群众早有议论，请组织彻查，还干部群众一个公道。`,
    });
  });
  return records;
}

/** Writes the fixture set as JSONL. */
export function writePublishedCases(filePath: string): void {
  fs.writeFileSync(
    filePath,
    publishedCaseRecords()
      .map((record) => JSON.stringify(record))
      .join('\n') + '\n',
  );
}

/** Checks the signals expected of each published-case pattern; returns each check with its outcome. */
export function checkPublishedCases(output: ScreenJsonOutput): { check: string; isMet: boolean }[] {
  const flags = new Map(output.complaints.map((complaint) => [complaint.id, complaint.flags]));
  const codesOf = (id: string): string[] => (flags.get(id) ?? []).map((flag) => flag.code);
  const campaignOf = (id: string): string[] | undefined =>
    output.campaigns.find((campaign) => campaign.complaintIds.includes(id))?.complaintIds;
  const aIds = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7'];
  const cIds = Array.from({ length: 12 }, (_value, index) => `C${index + 1}`);
  const campaignA = campaignOf('A1') ?? [];
  const campaignC = campaignOf('C1') ?? [];
  const sameSourceRelated = cIds
    .slice(0, 8)
    .flatMap((id) =>
      (flags.get(id) ?? []).filter((flag) => flag.code === 'SAME_SOURCE').flatMap((flag) => flag.relatedIds),
    );
  return [
    {
      check: 'A: the 7 identical letters form one campaign',
      isMet: aIds.every((id) => campaignA.includes(id)) && campaignA.length === 7,
    },
    {
      check: 'A: each carries COORDINATED_TEXT at high severity (≥ 5 reporters)',
      isMet: aIds.every((id) =>
        (flags.get(id) ?? []).some((flag) => flag.code === 'COORDINATED_TEXT' && flag.relatedIds.length === 6),
      ),
    },
    { check: 'B: the joint letter carries COSIGNER_DENIED', isMet: codesOf('B1').includes('COSIGNER_DENIED') },
    { check: 'B: the joint letter is one complaint, not a campaign', isMet: campaignOf('B1') === undefined },
    {
      check: 'C: the letters against 12 officials form one campaign across subjects',
      isMet: cIds.every((id) => campaignC.includes(id)),
    },
    {
      check: 'C: the 8 named letters carry SAME_SOURCE (one phone, 8 names)',
      isMet: cIds.slice(0, 8).every((id) => codesOf(id).includes('SAME_SOURCE')),
    },
    {
      check: 'C: anonymous letters never appear in SAME_SOURCE related ids',
      isMet: sameSourceRelated.every((id) => !cIds.slice(8).includes(id)),
    },
  ];
}

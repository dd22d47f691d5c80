/**
 * The Chinese OCR test set (bench/ocr.ts; tests/fixtures/ocr/pages.ts for the tests), drawn at
 * run time, nothing committed but this file: the texts an archive clerk scans — a business
 * licence, a handover form, an authorisation letter, a contract's first page — rendered with Noto Serif SC / Noto Sans SC, clean and made to look
 * photographed: rotated a few degrees, noisy and JPEG-compressed, low-contrast, and with a red
 * round company stamp over the text. Every page carries its ground truth, line by line. A
 * seeded generator keeps the noise the same on every run, so figures compare across runs.
 */
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import type { SKRSContext2D } from '@napi-rs/canvas';
import sharp from 'sharp';
import { FONT_FILES } from '../db/print/fonts.js';

GlobalFonts.registerFromPath(FONT_FILES.serif, 'OcrSerif');
GlobalFonts.registerFromPath(FONT_FILES.sans, 'OcrSans');
GlobalFonts.registerFromPath(FONT_FILES.serifBold, 'OcrSerifBold');

export type Variant = 'clean' | 'rotated' | 'noisy' | 'lowContrast' | 'stamped';

export interface OcrPage {
  name: string;
  variant: Variant;
  font: 'serif' | 'sans';
  /** PNG (or JPEG for the noisy variant) bytes, in memory. */
  image: Buffer;
  width: number;
  height: number;
  /** The text printed on the page, one entry a line, top to bottom. */
  truth: string[];
}

export const LICENCE = [
  '营业执照',
  '统一社会信用代码 91110105MA01R3XK2T',
  '名称 北京宏远建工集团有限公司',
  '类型 有限责任公司（自然人投资或控股）',
  '法定代表人 王建国',
  '注册资本 人民币伍仟万元整',
  '成立日期 2015年03月18日',
  '住所 北京市朝阳区建国路88号鼎盛大厦12层',
  '经营范围 施工总承包；预拌商品混凝土（砼）销售',
];

export const AUTHORISATION = [
  '授权委托书',
  '兹委托我公司员工李明（身份证号110105198804120036）',
  '作为我单位的合法代理人，前往贵公司办理',
  '客户档案查阅及复印事宜，代理人在办理上述',
  '事项过程中所签署的有关文件，我单位均予以承认。',
  '委托期限自2026年3月1日起至2026年3月31日止。',
  '委托单位（盖章）：上海浦江物流股份有限公司',
  '日期：2026年2月26日',
];

export const CONTRACT = [
  '混凝土买卖合同',
  '合同编号：HT-2026-0315',
  '买方：广州南沙港建设工程有限公司',
  '卖方：广州粤海商品混凝土有限公司',
  '第一条 标的物为C30、C35商品混凝土',
  '第二条 供货数量以现场签收单为准',
  '第三条 结算方式为每月二十五日对账付款',
  '第四条 质量标准执行国家现行规范',
];

/** The handover form of a full A4 page: a title, a header block and rows of materials. */
export const HANDOVER: string[] = [
  '客户档案移交登记表',
  '移交部门：销售部 接收部门：档案室',
  '客户名称：杭州西子湖畔茶业有限公司',
  '档号：KH-2026-0042 保管期限：永久 密级：普通',
  ...[
    '营业执照副本复印件',
    '法定代表人身份证复印件',
    '开户许可证复印件',
    '客户信息登记表',
    '年度框架合作协议',
    '授权委托书原件',
    '银行资信证明',
    '近三年审计报告',
    '纳税信用等级证明',
    '安全生产许可证',
    '质量管理体系认证证书',
    '项目中标通知书',
    '施工合同及补充协议',
    '工程款支付凭证',
    '对账确认函',
    '客户走访记录',
    '信用额度审批表',
    '担保函原件',
    '往来函件汇编',
    '变更登记通知书',
    '印章备案表',
    '联系人变更申请',
    '年度复核意见书',
    '合同履约评价表',
    '争议处理记录',
  ].map((material, i) => `${String(i + 1).padStart(2, '0')} ${material} 共${(i % 7) + 2}页 原件`),
  '移交人：张伟 接收人：刘芳',
  '移交日期：2026年3月12日 接收日期：2026年3月13日',
  '备注：以上材料经双方核对无误',
  '本表一式两份，移交部门与档案室各执一份',
];

/** A small deterministic PRNG (mulberry32), so the noise is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Layout {
  width: number;
  height: number;
  fontPx: number;
  margin: number;
  lineGap: number;
  font: 'serif' | 'sans';
}

function drawText(ctx: SKRSContext2D, lines: string[], layout: Layout, color: string): void {
  ctx.fillStyle = color;
  ctx.textBaseline = 'top';
  lines.forEach((line, i) => {
    const title = i === 0;
    const px = title ? Math.round(layout.fontPx * 1.5) : layout.fontPx;
    ctx.font = `${px}px ${title ? 'OcrSerifBold' : layout.font === 'serif' ? 'OcrSerif' : 'OcrSans'}`;
    const y = layout.margin + i * layout.fontPx * layout.lineGap + (title ? 0 : layout.fontPx * 0.8);
    const x = title ? (layout.width - ctx.measureText(line).width) / 2 : layout.margin;
    ctx.fillText(line, x, y);
  });
}

/** A red round company seal (公章): ring, star and the company name on an arc, half transparent like ink. */
function drawStamp(ctx: SKRSContext2D, cx: number, cy: number, r: number, name: string): void {
  ctx.save();
  ctx.globalAlpha = 0.72;
  ctx.strokeStyle = '#d4202a';
  ctx.fillStyle = '#d4202a';
  ctx.lineWidth = r * 0.06;
  ctx.beginPath();
  ctx.arc(cx, cy, r, 0, Math.PI * 2);
  ctx.stroke();
  // star
  ctx.beginPath();
  for (let k = 0; k < 10; k++) {
    const radius = k % 2 === 0 ? r * 0.28 : r * 0.11;
    const angle = -Math.PI / 2 + (k * Math.PI) / 5;
    ctx.lineTo(cx + radius * Math.cos(angle), cy + radius * Math.sin(angle));
  }
  ctx.closePath();
  ctx.fill();
  // name along the upper arc
  const chars = [...name];
  const px = r * 0.22;
  ctx.font = `${px}px OcrSans`;
  const spread = Math.PI * 1.25;
  chars.forEach((ch, k) => {
    const angle = -Math.PI / 2 - spread / 2 + (spread * (k + 0.5)) / chars.length;
    ctx.save();
    ctx.translate(cx + (r - px * 0.9) * Math.cos(angle), cy + (r - px * 0.9) * Math.sin(angle));
    ctx.rotate(angle + Math.PI / 2);
    ctx.fillText(ch, -px / 2, 0);
    ctx.restore();
  });
  ctx.restore();
}

async function render(lines: string[], layout: Layout, variant: Variant, seed: number): Promise<Buffer> {
  const canvas = createCanvas(layout.width, layout.height);
  const ctx = canvas.getContext('2d');
  const lowContrast = variant === 'lowContrast';
  ctx.fillStyle = lowContrast ? '#c9c4b8' : variant === 'noisy' || variant === 'rotated' ? '#f1ede4' : '#ffffff';
  ctx.fillRect(0, 0, layout.width, layout.height);
  if (variant === 'rotated') {
    // a page photographed slightly askew: 3 degrees about the centre
    ctx.translate(layout.width / 2, layout.height / 2);
    ctx.rotate((3 * Math.PI) / 180);
    ctx.translate(-layout.width / 2, -layout.height / 2);
  }
  drawText(ctx, lines, layout, lowContrast ? '#8a857b' : '#111111');
  if (variant === 'stamped') {
    // over the lower text block, the way a seal sits over the signature lines
    const r = layout.fontPx * 4;
    const lastLineY = layout.margin + (lines.length - 1.5) * layout.fontPx * layout.lineGap;
    drawStamp(ctx, layout.margin + layout.fontPx * 7, lastLineY, r, '上海浦江物流股份有限公司');
  }
  let png = await canvas.encode('png');
  if (variant === 'noisy') {
    const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
    const next = random(seed);
    for (let i = 0; i < data.length; i++) {
      // gaussian-ish noise (sum of uniforms), sigma about 35 grey levels, plus salt and pepper
      const n = (next() + next() + next() - 1.5) * 70;
      const speck = next() < 0.004 ? (next() < 0.5 ? -255 : 255) : 0;
      data[i] = Math.max(0, Math.min(255, data[i]! + n + speck));
    }
    return sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
      .blur(0.8)
      .jpeg({ quality: 55 })
      .toBuffer();
  }
  if (variant === 'lowContrast') png = await sharp(png).blur(0.6).png().toBuffer();
  return png;
}

const SMALL: Omit<Layout, 'font'> = { width: 1200, height: 800, fontPx: 34, margin: 60, lineGap: 1.9 };
const LETTER: Omit<Layout, 'font'> = { width: 1400, height: 1000, fontPx: 36, margin: 70, lineGap: 2 };

/** The whole set: the licence and letter in five variants, the contract in both fonts, and a full A4 page at 300 dpi. */
export async function ocrTestSet(options: { a4?: boolean } = {}): Promise<OcrPage[]> {
  const specs: { name: string; lines: string[]; layout: Layout; variant: Variant }[] = [
    { name: 'licence', lines: LICENCE, layout: { ...SMALL, font: 'serif' }, variant: 'clean' },
    { name: 'licence', lines: LICENCE, layout: { ...SMALL, font: 'serif' }, variant: 'rotated' },
    { name: 'licence', lines: LICENCE, layout: { ...SMALL, font: 'serif' }, variant: 'noisy' },
    { name: 'licence', lines: LICENCE, layout: { ...SMALL, font: 'serif' }, variant: 'lowContrast' },
    { name: 'authorisation', lines: AUTHORISATION, layout: { ...LETTER, font: 'sans' }, variant: 'clean' },
    { name: 'authorisation', lines: AUTHORISATION, layout: { ...LETTER, font: 'sans' }, variant: 'stamped' },
    { name: 'authorisation', lines: AUTHORISATION, layout: { ...LETTER, font: 'sans' }, variant: 'noisy' },
    { name: 'contract', lines: CONTRACT, layout: { ...SMALL, font: 'sans' }, variant: 'clean' },
    { name: 'contract', lines: CONTRACT, layout: { ...SMALL, font: 'serif' }, variant: 'rotated' },
  ];
  if (options.a4 !== false) {
    // A4 at 300 dpi, 12 pt body text (50 px), the size of a real scanned form
    specs.push({ name: 'handover-a4', lines: HANDOVER, layout: { width: 2480, height: 3508, fontPx: 50, margin: 180, lineGap: 1.85, font: 'serif' }, variant: 'clean' });
  }
  return Promise.all(
    specs.map(async (spec, i) => ({
      name: spec.name,
      variant: spec.variant,
      font: spec.layout.font,
      image: await render(spec.lines, spec.layout, spec.variant, 1000 + i),
      width: spec.layout.width,
      height: spec.layout.height,
      truth: spec.lines,
    })),
  );
}

/** One page rendered alone (tests that need a single scan). */
export async function renderOcrPage(lines: string[], variant: Variant = 'clean', font: 'serif' | 'sans' = 'sans'): Promise<Buffer> {
  return render(lines, { ...LETTER, font }, variant, 7);
}

/**
 * A scanned PDF as a scanner makes it: each page one image (no text layer), the page exactly the
 * image's size at 200 dpi, so a box on the image is the same place on the page.
 */
export async function scannedPdf(pages: Buffer[]): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ autoFirstPage: false, compress: true });
  const parts: Buffer[] = [];
  doc.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  for (const png of pages) {
    const meta = await sharp(png).metadata();
    const w = ((meta.width ?? 1) * 72) / 200;
    const h = ((meta.height ?? 1) * 72) / 200;
    doc.addPage({ size: [w, h], margin: 0 });
    doc.image(png, 0, 0, { width: w, height: h });
  }
  doc.end();
  await done;
  return Buffer.concat(parts);
}

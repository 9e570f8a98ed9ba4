// The xlsx row reader on cell shapes other writers make: inline strings in one run (ours, with
// xml:space) and in several runs, phonetic hints, entities, empty and self-closing <t>, shared
// strings, numbers and booleans: each read as its text or value.
import { PassThrough } from 'node:stream';
import archiver from 'archiver';
import { describe, expect, it } from 'vitest';
import { DamagedWorkbook, openXlsx } from '../../src/app/workbook/xlsx-stream.js';
import { readWorkbooks, UnreadableFile } from '../../src/app/workbook/read.js';
import { rowXml, sheetXmlHead, sheetXmlTail } from '../../src/app/xlsx-writer.js';

async function zip(parts: Record<string, string>, store = false): Promise<Buffer> {
  const archive = archiver('zip', store ? { store: true } : { zlib: { level: 1 } });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => out.on('end', resolve));
  archive.pipe(out);
  for (const [name, text] of Object.entries(parts)) archive.append(text, { name });
  await archive.finalize();
  await done;
  return Buffer.concat(chunks);
}

function workbook(sheetXml: string, sharedStrings?: string): Promise<Buffer> {
  return zip({
    'xl/workbook.xml': '<workbook><sheets><sheet name="户表" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels': '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
    ...(sharedStrings ? { 'xl/sharedStrings.xml': sharedStrings } : {}),
    'xl/worksheets/sheet1.xml': sheetXml,
  });
}

async function rows(file: Buffer): Promise<unknown[][]> {
  const [sheet] = await openXlsx(file);
  if (!sheet) throw new Error('no sheet');
  const out: unknown[][] = [];
  for await (const row of sheet.rows()) out.push(row.cells.slice(1));
  return out;
}

describe('openXlsx', () => {
  it('reads every shape of inline string as its text', async () => {
    const cell = (ref: string, inner: string) => `<c r="${ref}" t="inlineStr">${inner}</c>`;
    const xml =
      '<worksheet><sheetData><row r="1">' +
      cell('A1', '<is><t>王小明</t></is>') +
      cell('B1', '<is><t xml:space="preserve"> 两端 有空格 </t></is>') +
      cell('C1', '<is><r><t>石泉</t></r><r><rPr><b/></rPr><t>县</t></r></is>') +
      cell('D1', '<is><t>张</t><rPh sb="0" eb="1"><t>ZHANG</t></rPh></is>') +
      cell('E1', '<is><t>A &amp; B &lt;C&gt; &#x4E09;_x000D_</t></is>') +
      cell('F1', '<is><t/></is>') +
      cell('G1', '<is><t></t></is>') +
      '<c r="H1" t="inlineStr"/>' +
      '</row></sheetData></worksheet>';
    expect(await rows(await workbook(xml))).toEqual([['王小明', ' 两端 有空格 ', '石泉县', '张', 'A & B <C> 三\r', '', '', '']]);
  });

  it('reads shared strings, numbers, booleans and the rows our ledger writer makes', async () => {
    const sst = '<sst><si><t>低保户</t></si><si><r><t>一般</t></r><r><t>户</t></r></si></sst>';
    const xml =
      sheetXmlHead([10, 10], 1) +
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1"><v>12.5</v></c><c r="D1" t="b"><v>1</v></c></row>' +
      rowXml(2, ['610902002205001', '名字 & "引号"\n第二行', 3, null, '']) +
      sheetXmlTail;
    expect(await rows(await workbook(xml, sst))).toEqual([
      ['低保户', '一般户', 12.5, true],
      ['610902002205001', '名字 & "引号"\n第二行', 3],
    ]);
  });

  it('reads numbers exactly as Number() does, and cells whose attributes come in any order, spacing or kind', async () => {
    const numbers = ['0', '12', '-3.25', '6946.58', '0.1', '0.3', '1e-7', '1.5E+3', '123456789012345', '1234567890123456789', '.5', '007', '-0.05', '99999.99', '1.'];
    const cells = numbers.map((n, i) => `<c r="${String.fromCharCode(65 + i)}1"><v>${n}</v></c>`).join('');
    const sst = '<sst><si><t>低保户</t></si><si><t>一般户</t></si></sst>';
    const shapes =
      '<c r="A2" s="3" t="s"><v>1</v></c>' +
      '<c t="s" r="B2"><v>0</v></c>' +
      '<c r="C2"\n\tt="s"><v>1</v></c>' +
      '<c r="D2" cm="1" t="n"><v>2.5</v></c>' +
      '<c r="E2" t="s" x:note="a>b/"><v>0</v></c>' +
      '<c r="F2" s="2"/>' +
      '<c r="G2" t="inlineStr"/>' +
      '<c r="H2"><f>1+1</f><v>2</v></c>' +
      '<c r="I2" t="e"><v>#N/A</v></c>' +
      '<c r="J2" t="b"><v>0</v></c>' +
      '<c r="K2" t="d"><v>2019-05-01T00:00:00</v></c>' +
      '<c r="L2" t="str"><v>x&amp;y</v></c>' +
      '<c r="M2" t="n"><v>5</v><extLst/></c>' +
      '<c s="1"><v>7</v></c>' +
      '<c r="P2" t="s"><v>01</v></c>';
    const xml = `<worksheet><sheetData><row r="1">${cells}</row><row r="2">${shapes}</row></sheetData></worksheet>`;
    expect(await rows(await workbook(xml, sst))).toEqual([
      numbers.map(Number),
      ['一般户', '低保户', '一般户', 2.5, '低保户', null, '', 2, null, false, '2019-05-01', 'x&y', 5, 7, null, '一般户'],
    ]);
  });

  it('refuses a workbook cut short or changed in transit, before anything is read from it as rows', async () => {
    const xml = '<worksheet><sheetData><row r="1"><c r="A1"><v>6946.58</v></c></row></sheetData></worksheet>';
    const parts = {
      'xl/workbook.xml': '<workbook><sheets><sheet name="收入表" sheetId="1" r:id="rId1"/></sheets></workbook>',
      'xl/_rels/workbook.xml.rels': '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
      'xl/worksheets/sheet1.xml': xml,
    };
    const good = await zip(parts, true);
    expect(await rows(good)).toEqual([[6946.58]]);
    // One digit of an amount changed inside the stored sheet: the zip's CRC-32 no longer matches.
    const changed = Buffer.from(good);
    const at = changed.indexOf('6946.58');
    changed[at] = '7'.charCodeAt(0);
    await expect(rows(changed)).rejects.toBeInstanceOf(DamagedWorkbook);
    // Deflated and corrupted in the middle; and cut short, which loses the zip's directory.
    const deflated = await zip({ ...parts, 'xl/worksheets/sheet1.xml': xml.repeat(1) + '<!--' + 'x'.repeat(5000) + '-->' });
    const flipped = Buffer.from(deflated);
    const sheetAt = flipped.indexOf('xl/worksheets/sheet1.xml') + 30;
    for (let i = sheetAt; i < sheetAt + 16; i++) flipped[i] = (flipped[i] ?? 0) ^ 0x5a;
    await expect(rows(flipped)).rejects.toBeInstanceOf(DamagedWorkbook);
    await expect(rows(good.subarray(0, good.length - 40))).rejects.toBeInstanceOf(DamagedWorkbook);
    // The import says so in words, naming the file.
    const read = readWorkbooks([{ name: '2019年收入表.xlsx', data: changed }], { row: () => true });
    await expect(read).rejects.toBeInstanceOf(UnreadableFile);
    await expect(read).rejects.toThrow('文件“2019年收入表.xlsx”已损坏或不完整');
  });

  it('reads Chinese text across the inflated pieces of a long sheet, formula text results included', async () => {
    const name = (i: number) => `${'王李张刘陈杨黄赵'.charAt(i % 8)}${'小'.repeat(i % 5)}明${i}`;
    let xml = '<worksheet><sheetData>';
    for (let i = 1; i <= 20_000; i++) {
      xml += `<row r="${i}"><c r="A${i}" t="inlineStr"><is><t>${name(i)}</t></is></c><c r="B${i}" t="str"><f>A${i}</f><v>${name(i)}（户主）</v></c><c r="C${i}"><v>${i}</v></c></row>`;
    }
    xml += '</sheetData></worksheet>';
    // Well over one inflated piece (256 KiB): characters of three bytes fall across the pieces' edges.
    expect(Buffer.byteLength(xml)).toBeGreaterThan(4 * (1 << 18));
    const read = await rows(await workbook(xml));
    expect(read).toHaveLength(20_000);
    read.forEach((row, k) => expect(row).toEqual([name(k + 1), `${name(k + 1)}（户主）`, k + 1]));
  });
});
